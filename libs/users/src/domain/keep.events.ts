import { DomainEvent } from '@keepem/shared/domain';

interface KeepParties {
  keepId: string;
  requesterId: string;
  requestedId: string;
}

export interface KeepRequestedPayload extends KeepParties {
  nameByRequester: string | null;
}

/** Someone asked another user to keep each other; the requested user is to accept or decline. */
export class KeepRequested extends DomainEvent<KeepRequestedPayload> {
  constructor(payload: KeepRequestedPayload, at: Date) {
    super(payload.keepId, at, payload);
  }
}

export interface KeepAcceptedPayload extends KeepParties {
  nameByRequested: string | null;
}

/** The requested user accepted: the two keep each other now. */
export class KeepAccepted extends DomainEvent<KeepAcceptedPayload> {
  constructor(payload: KeepAcceptedPayload, at: Date) {
    super(payload.keepId, at, payload);
  }
}

export interface KeepDeclinedPayload extends KeepParties {
  declinedBy: string;
  reason: string | null;
  /** Whether the keep had been accepted: declining an active keep ends it, a pending one is refused. */
  wasActive: boolean;
}

/** One side declined a pending keep or ended an active one, for good. */
export class KeepDeclined extends DomainEvent<KeepDeclinedPayload> {
  constructor(payload: KeepDeclinedPayload, at: Date) {
    super(payload.keepId, at, payload);
  }
}
