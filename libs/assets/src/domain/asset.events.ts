import { DomainEvent } from '@keepem/shared/domain';
import type { AssetDetailsProps } from './asset-details.value-object';

export interface AssetCreatedPayload {
  assetId: string;
  owners: string[];
  createdBy: string;
  title: string;
  fileName: string;
  fileType: string;
  fileSizeBytes: number;
}

/** An asset was created and waits for its file. */
export class AssetCreated extends DomainEvent<AssetCreatedPayload> {
  constructor(payload: AssetCreatedPayload, at: Date) {
    super(payload.assetId, at, payload);
  }
}

export interface AssetFileUploadedPayload {
  assetId: string;
  owners: string[];
  uploadedBy: string;
  fileType: string;
  fileSizeBytes: number;
}

/** The asset's file was stored, encrypted: the asset is active. */
export class AssetFileUploaded extends DomainEvent<AssetFileUploadedPayload> {
  constructor(payload: AssetFileUploadedPayload, at: Date) {
    super(payload.assetId, at, payload);
  }
}

export interface AssetUpdatedPayload {
  assetId: string;
  updatedBy: string;
  changed: (keyof AssetDetailsProps)[];
}

/** An owner changed what is said about the asset (never its file). */
export class AssetUpdated extends DomainEvent<AssetUpdatedPayload> {
  constructor(payload: AssetUpdatedPayload, at: Date) {
    super(payload.assetId, at, payload);
  }
}

export interface AssetRemovedPayload {
  assetId: string;
  owners: string[];
  removedBy: string;
}

/** An owner removed the asset: its data key is destroyed, so its file can never be read again. */
export class AssetRemoved extends DomainEvent<AssetRemovedPayload> {
  constructor(payload: AssetRemovedPayload, at: Date) {
    super(payload.assetId, at, payload);
  }
}

export interface AssetOwnershipChangedPayload {
  assetId: string;
  previousOwners: string[];
  owners: string[];
  /** The release that handed it on, or null when an owner left it (their account was removed). */
  releaseId: string | null;
}

/** The asset changed hands: a release gave it to its receivers, or an owner left it. */
export class AssetOwnershipChanged extends DomainEvent<AssetOwnershipChangedPayload> {
  constructor(payload: AssetOwnershipChangedPayload, at: Date) {
    super(payload.assetId, at, payload);
  }
}
