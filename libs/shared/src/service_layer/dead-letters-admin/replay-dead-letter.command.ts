import { Command, MessageProps } from '../command';

/** Puts a dead letter's message back on its topic, for every consumer of it to take again. */
export class ReplayDeadLetter extends Command {
  declare readonly letterId: string;

  constructor(props: MessageProps<ReplayDeadLetter>) {
    super(props);
  }
}
