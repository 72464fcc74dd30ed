import { DomainEvent } from '@keepem/shared/domain';
import type { BequestType, ReleaseType } from './release-kinds';

interface ReleaseParties {
  releaseId: string;
  ownerId: string;
  receivers: string[];
  assets: string[];
}

export interface AssetReleaseScheduledPayload extends ReleaseParties {
  name: string;
  releaseType: ReleaseType;
  bequestType: BequestType;
}

/** An owner scheduled a release of some of their assets: the assets are hidden until it ends. */
export class AssetReleaseScheduled extends DomainEvent<AssetReleaseScheduledPayload> {
  constructor(payload: AssetReleaseScheduledPayload, at: Date) {
    super(payload.releaseId, at, payload);
  }
}

export interface AssetReleasedPayload extends ReleaseParties {
  name: string;
  releasedBy: string;
  bequestType: BequestType;
}

/** A receiver triggered the release: its assets change hands by its bequest and are visible again. */
export class AssetReleased extends DomainEvent<AssetReleasedPayload> {
  constructor(payload: AssetReleasedPayload, at: Date) {
    super(payload.releaseId, at, payload);
  }
}

export interface AssetReleaseCanceledPayload extends ReleaseParties {
  name: string;
  /** The user who cancelled it, or null when the system did (a receiver no longer a keep, a user removed). */
  canceledBy: string | null;
  reason: string | null;
}

/** The release was cancelled: its assets are visible again, with their owners as they were. */
export class AssetReleaseCanceled extends DomainEvent<AssetReleaseCanceledPayload> {
  constructor(payload: AssetReleaseCanceledPayload, at: Date) {
    super(payload.releaseId, at, payload);
  }
}

export interface ReleaseTimeCamePayload extends ReleaseParties {
  name: string;
}

/** The release's time has passed: its receivers are told, once, that a legacy waits for them. */
export class ReleaseTimeCame extends DomainEvent<ReleaseTimeCamePayload> {
  constructor(payload: ReleaseTimeCamePayload, at: Date) {
    super(payload.releaseId, at, payload);
  }
}
