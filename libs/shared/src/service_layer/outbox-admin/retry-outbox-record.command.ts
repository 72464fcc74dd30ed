import { Command, MessageMetadata } from '../command';

/** Gives a dead record (and, through it, the later records of its aggregate) another round of attempts. */
export class RetryOutboxRecord extends Command {
  constructor(
    readonly recordId: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
