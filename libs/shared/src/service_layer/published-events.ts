import { Injectable } from '@nestjs/common';
import type { IntegrationEvent } from '../contracts/integration-event';
import type { DomainEvent } from '../domain/domain-event';

type DomainEventClass<Event extends DomainEvent> = abstract new (...args: never[]) => Event;

/** How one kind of domain event is published: the contract-shaped event other contexts may read. */
export interface Publication<Event extends DomainEvent = DomainEvent> {
  readonly eventClass: DomainEventClass<Event>;
  readonly toIntegrationEvent: (event: Event) => IntegrationEvent;
}

export function publication<Event extends DomainEvent>(
  eventClass: DomainEventClass<Event>,
  toIntegrationEvent: (event: Event) => IntegrationEvent,
): Publication {
  return { eventClass, toIntegrationEvent: toIntegrationEvent as (event: DomainEvent) => IntegrationEvent };
}

/**
 * Which domain events leave their context, and as what. Each context registers its publications at
 * start-up; the unit of work writes an outbox record for a published event only. A domain event
 * without a publication stays inside its context (the EventBus still has it).
 */
@Injectable()
export class PublishedEvents {
  private readonly publications = new Map<DomainEventClass<DomainEvent>, Publication>();

  register(...publications: Publication[]): void {
    for (const entry of publications) {
      if (this.publications.has(entry.eventClass)) {
        throw new Error(`${entry.eventClass.name} is published twice`);
      }
      this.publications.set(entry.eventClass, entry);
    }
  }

  /** The integration event `event` is published as, or undefined when it stays internal. */
  integrationEventOf(event: DomainEvent): IntegrationEvent | undefined {
    return this.publications.get(event.constructor as DomainEventClass<DomainEvent>)?.toIntegrationEvent(event);
  }
}
