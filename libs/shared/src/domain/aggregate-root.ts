import { AggregateState, isFinal } from './aggregate-state';
import { RuleViolationError } from './domain-error';
import { DomainEvent } from './domain-event';
import { Entity } from './entity';

/** What every aggregate carries besides its own fields: when it was made and changed, its version and state. */
export interface AggregateMetadata {
  createdAt: Date;
  modifiedAt: Date;
  /** How many times it has been stored; 0 until the first commit. Drives the optimistic lock. */
  version: number;
  state: AggregateState;
}

export abstract class AggregateRoot<Id extends string = string> extends Entity<Id> {
  private recordedEvents: DomainEvent[] = [];

  protected constructor(
    id: Id,
    private metadata: AggregateMetadata,
  ) {
    super(id);
  }

  get createdAt(): Date {
    return this.metadata.createdAt;
  }
  get modifiedAt(): Date {
    return this.metadata.modifiedAt;
  }
  get version(): number {
    return this.metadata.version;
  }
  get state(): AggregateState {
    return this.metadata.state;
  }

  /** What happened since the last commit; left in place until the commit succeeds. */
  get pendingEvents(): readonly DomainEvent[] {
    return this.recordedEvents;
  }

  /**
   * Called by the unit of work only after its commit succeeded: a failed or retried commit leaves
   * the aggregate as it was, version and events included, so the work can be tried again.
   */
  markCommitted(): void {
    this.metadata = { ...this.metadata, version: this.metadata.version + 1 };
    this.recordedEvents = [];
  }

  protected record(event: DomainEvent): void {
    this.recordedEvents.push(event);
  }

  /** Every state-changing method starts here: final aggregates never change again. */
  protected touch(at: Date): void {
    if (isFinal(this.metadata.state)) {
      throw new RuleViolationError(`${this.constructor.name} ${this.id} is ${this.metadata.state} and can no longer change`);
    }
    this.metadata = { ...this.metadata, modifiedAt: at };
  }

  protected changeState(state: AggregateState, at: Date): void {
    this.touch(at);
    this.metadata = { ...this.metadata, state };
  }
}
