/**
 * Something that happened to an aggregate. Events carry plain data only, so the outbox can store
 * them as they are and a consumer in another context needs none of our classes to read them.
 */
export abstract class DomainEvent<Payload extends object = object> {
  readonly eventId: string = crypto.randomUUID();

  protected constructor(
    readonly aggregateId: string,
    readonly occurredAt: Date,
    readonly payload: Payload,
  ) {}

  /** The stable wire name: class names are kept stable for that reason. */
  get eventType(): string {
    return this.constructor.name;
  }
}
