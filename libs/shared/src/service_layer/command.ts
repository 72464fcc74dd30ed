import { Command as CqrsCommand, Query as CqrsQuery } from '@nestjs/cqrs';

/** Who asked for what, and when: travels with every command into the events it causes. */
export interface MessageMetadata {
  /** Unique per command; doubles as the idempotency key of its effects. */
  commandId: string;
  /** Ties every event, mail and log line of one user request together. */
  correlationId: string;
  /** The authenticated caller, when there is one. */
  userId?: string;
  at: Date;
}

/** A request to change something; it answers with nothing but (sometimes) the id it created. */
export abstract class Command<Result = void> extends CqrsCommand<Result> {
  protected constructor(readonly metadata: MessageMetadata) {
    super();
  }
}

/** A request for data; never changes anything. */
export abstract class Query<Result> extends CqrsQuery<Result> {
  protected constructor(readonly metadata: MessageMetadata) {
    super();
  }
}
