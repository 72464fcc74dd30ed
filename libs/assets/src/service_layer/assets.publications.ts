import { Injectable, OnModuleInit } from '@nestjs/common';
import { integrationEvent } from '@keepem/shared/contracts';
import { publication, PublishedEvents } from '@keepem/shared/service_layer';
import { ASSET_CREATED_V1 } from '../contracts/asset-created.v1';
import { ASSET_FILE_UPLOADED_V1 } from '../contracts/asset-file-uploaded.v1';
import { ASSET_REMOVED_V1 } from '../contracts/asset-removed.v1';
import { ASSET_UPDATED_V1 } from '../contracts/asset-updated.v1';
import { ASSET_OWNERSHIP_CHANGED_V1 } from '../contracts/asset-ownership-changed.v1';
import { ASSET_RELEASE_CANCELED_V1 } from '../contracts/asset-release-canceled.v1';
import { ASSET_RELEASE_SCHEDULED_V1 } from '../contracts/asset-release-scheduled.v1';
import { ASSET_RELEASED_V1 } from '../contracts/asset-released.v1';
import { RELEASE_TIME_CAME_V1 } from '../contracts/release-time-came.v1';
import { AssetReleaseCanceled, AssetReleased, AssetReleaseScheduled, ReleaseTimeCame } from '../domain/asset-release.events';
import type { AssetDetailsProps } from '../domain/asset-details.value-object';
import { AssetCreated, AssetFileUploaded, AssetOwnershipChanged, AssetRemoved, AssetUpdated } from '../domain/asset.events';

/** The API's (and the contracts') name of each field an update may change. */
const CONTRACT_FIELD_NAMES: Record<keyof AssetDetailsProps, string> = {
  title: 'title',
  description: 'description',
  tags: 'tags',
  people: 'people',
  location: 'location',
  createdDate: 'created_date',
  extraPrivate: 'extra_private',
  bookmarked: 'bookmarked',
};

/** Which of the assets context's domain events leave it, and the contract each is published as. */
export const ASSETS_PUBLICATIONS = [
  publication(AssetCreated, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_CREATED_V1, {
      asset_id: payload.assetId,
      owners_id: payload.owners,
      created_by: payload.createdBy,
      title: payload.title,
      file_name: payload.fileName,
      file_type: payload.fileType,
      file_size_bytes: payload.fileSizeBytes,
      created_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetFileUploaded, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_FILE_UPLOADED_V1, {
      asset_id: payload.assetId,
      owners_id: payload.owners,
      uploaded_by: payload.uploadedBy,
      file_type: payload.fileType,
      file_size_bytes: payload.fileSizeBytes,
      uploaded_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetUpdated, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_UPDATED_V1, {
      asset_id: payload.assetId,
      updated_by: payload.updatedBy,
      changed: payload.changed.map((field) => CONTRACT_FIELD_NAMES[field]),
      updated_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetRemoved, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_REMOVED_V1, {
      asset_id: payload.assetId,
      owners_id: payload.owners,
      removed_by: payload.removedBy,
      removed_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetOwnershipChanged, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_OWNERSHIP_CHANGED_V1, {
      asset_id: payload.assetId,
      previous_owners_id: payload.previousOwners,
      owners_id: payload.owners,
      release_id: payload.releaseId,
      changed_at: occurredAt.toISOString(),
    }),
  ),
  // No release contract carries its conditions: neither the place to name nor the "in a bottle" time.
  publication(AssetReleaseScheduled, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_RELEASE_SCHEDULED_V1, {
      release_id: payload.releaseId,
      owner_id: payload.ownerId,
      receivers_id: payload.receivers,
      assets_id: payload.assets,
      name: payload.name,
      release_type: payload.releaseType,
      bequest_type: payload.bequestType,
      scheduled_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetReleased, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_RELEASED_V1, {
      release_id: payload.releaseId,
      owner_id: payload.ownerId,
      receivers_id: payload.receivers,
      assets_id: payload.assets,
      name: payload.name,
      released_by: payload.releasedBy,
      bequest_type: payload.bequestType,
      released_at: occurredAt.toISOString(),
    }),
  ),
  publication(AssetReleaseCanceled, ({ payload, occurredAt }) =>
    integrationEvent(ASSET_RELEASE_CANCELED_V1, {
      release_id: payload.releaseId,
      owner_id: payload.ownerId,
      receivers_id: payload.receivers,
      assets_id: payload.assets,
      name: payload.name,
      canceled_by: payload.canceledBy,
      reason: payload.reason,
      canceled_at: occurredAt.toISOString(),
    }),
  ),
  publication(ReleaseTimeCame, ({ payload, occurredAt }) =>
    integrationEvent(RELEASE_TIME_CAME_V1, {
      release_id: payload.releaseId,
      owner_id: payload.ownerId,
      receivers_id: payload.receivers,
      name: payload.name,
      came_at: occurredAt.toISOString(),
    }),
  ),
];

/** Tells the unit of work what the assets context publishes, before any command runs. */
@Injectable()
export class AssetsPublicationsRegistration implements OnModuleInit {
  constructor(private readonly published: PublishedEvents) {}

  onModuleInit(): void {
    this.published.register(...ASSETS_PUBLICATIONS);
  }
}
