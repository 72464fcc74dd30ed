import { Command as CqrsCommand, Query as CqrsQuery } from '@nestjs/cqrs';

/** Who asked for what, and when: travels with every command into the events it causes. */
export interface MessageMetadata {
  /** Unique per command; doubles as the idempotency key of its effects. */
  commandId: string;
  /** Ties every event, mail and log line of one user request together. */
  correlationId: string;
  /** The integration message this work reacts to; absent for a client's request, whose command is its own cause. */
  causationId?: string;
  /**
   * The consumer doing this work because of the message `causationId` names. The unit of work then
   * records the message in that consumer's inbox in the same commit, and refuses to run the work
   * again for a message already handled (MessageAlreadyHandledError).
   */
  handledBy?: string;
  /** The authenticated caller, when there is one. */
  userId?: string;
  at: Date;
}

/**
 * A request to change something; it answers with nothing but (sometimes) the id it created. It is
 * built from one props object (`new RegisterUser({ userId, username, …, metadata })`), so a call
 * site names every field and two fields of one type cannot be swapped unnoticed.
 */
export abstract class Command<Result = void> extends CqrsCommand<Result> {
  readonly metadata: MessageMetadata;

  protected constructor(props: { metadata: MessageMetadata }) {
    super();
    Object.assign(this, props);
  }
}

/** A request for data; never changes anything. Built from one props object, like a command. */
export abstract class Query<Result> extends CqrsQuery<Result> {
  readonly metadata: MessageMetadata;

  protected constructor(props: { metadata: MessageMetadata }) {
    super();
    Object.assign(this, props);
  }
}

/** The props a command or query is built from: its own fields plus its metadata. */
export type MessageProps<Message extends Command<unknown> | Query<unknown>> = Omit<
  Message,
  keyof CqrsCommand<unknown> | keyof CqrsQuery<unknown>
> & {
  metadata: MessageMetadata;
};
