import { Command, MessageProps } from '../command';

/** Gives a dead record (and, through it, the later records of its aggregate) another round of attempts. */
export class RetryOutboxRecord extends Command {
  declare readonly recordId: string;

  constructor(props: MessageProps<RetryOutboxRecord>) {
    super(props);
  }
}
