/**
 * Something that happened to an aggregate, in its context's own language. Domain events stay inside
 * their context: what other contexts may read is the integration event a context publishes for some
 * of them (see PublishedEvents), whose contract can stay stable while the domain changes.
 */
export abstract class DomainEvent<Payload extends object = object> {
  readonly eventId: string = crypto.randomUUID();

  protected constructor(
    readonly aggregateId: string,
    readonly occurredAt: Date,
    readonly payload: Payload,
  ) {}
}
