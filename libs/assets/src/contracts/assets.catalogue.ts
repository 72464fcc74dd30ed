import { contractExample, type EventCatalogue, type EventContract, type JsonObject } from '@keepem/shared/contracts';
import { ASSET_CREATED_V1 } from './asset-created.v1';
import { ASSET_FILE_UPLOADED_V1 } from './asset-file-uploaded.v1';
import { ASSET_OWNERSHIP_CHANGED_V1 } from './asset-ownership-changed.v1';
import { ASSET_RELEASE_CANCELED_V1 } from './asset-release-canceled.v1';
import { ASSET_RELEASE_SCHEDULED_V1 } from './asset-release-scheduled.v1';
import { ASSET_RELEASED_V1 } from './asset-released.v1';
import { ASSET_REMOVED_V1 } from './asset-removed.v1';
import { ASSET_UPDATED_V1 } from './asset-updated.v1';
import { ASSETS_PAYLOAD_SCHEMAS } from './assets.payload-schemas';
import { ASSETS_SOURCE } from './assets.source';
import { RELEASE_TIME_CAME_V1 } from './release-time-came.v1';

/** Every contract the assets context publishes (a unit test fails when one is left out). */
export const ASSETS_CONTRACTS: readonly EventContract<JsonObject>[] = [
  ASSET_CREATED_V1,
  ASSET_FILE_UPLOADED_V1,
  ASSET_UPDATED_V1,
  ASSET_REMOVED_V1,
  ASSET_OWNERSHIP_CHANGED_V1,
  ASSET_RELEASE_SCHEDULED_V1,
  RELEASE_TIME_CAME_V1,
  ASSET_RELEASED_V1,
  ASSET_RELEASE_CANCELED_V1,
];

const ADA = '0b6f5a52-3c1e-4f0a-9a4e-6d1f2b7c8e90';
const BOB = '5d2c9e1a-7b3f-4c6d-8e0a-1f2b3c4d5e6f';
const ASSET = '7f3e2d1c-0b9a-4e8d-a7c6-5b4a3f2e1d0c';
const RELEASE = 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9';

/** What the assets context publishes, for the AsyncAPI document. */
export const ASSETS_EVENTS: EventCatalogue = {
  source: ASSETS_SOURCE,
  contracts: ASSETS_CONTRACTS,
  payloadSchemas: ASSETS_PAYLOAD_SCHEMAS,
  examples: [
    contractExample(ASSET_CREATED_V1, {
      asset_id: ASSET,
      owners_id: [ADA],
      created_by: ADA,
      title: 'Our first trip',
      file_name: 'trip.jpg',
      file_type: 'image/jpeg',
      file_size_bytes: 2_481_152,
      created_at: '2026-05-04T11:00:00.000Z',
    }),
    contractExample(ASSET_FILE_UPLOADED_V1, {
      asset_id: ASSET,
      owners_id: [ADA],
      uploaded_by: ADA,
      file_type: 'image/jpeg',
      file_size_bytes: 2_481_152,
      uploaded_at: '2026-05-04T11:00:09.000Z',
    }),
    contractExample(ASSET_UPDATED_V1, {
      asset_id: ASSET,
      updated_by: ADA,
      changed: ['title', 'created_date'],
      updated_at: '2026-05-05T08:12:00.000Z',
    }),
    contractExample(ASSET_REMOVED_V1, {
      asset_id: ASSET,
      owners_id: [ADA],
      removed_by: ADA,
      removed_at: '2026-10-01T09:00:00.000Z',
    }),
    contractExample(ASSET_OWNERSHIP_CHANGED_V1, {
      asset_id: ASSET,
      previous_owners_id: [ADA],
      owners_id: [BOB],
      release_id: RELEASE,
      changed_at: '2027-01-01T00:05:00.000Z',
    }),
    contractExample(ASSET_RELEASE_SCHEDULED_V1, {
      release_id: RELEASE,
      owner_id: ADA,
      receivers_id: [BOB],
      assets_id: [ASSET],
      name: 'For Bob, next new year',
      release_type: 'time_capsule',
      bequest_type: 'gift',
      scheduled_at: '2026-05-06T20:00:00.000Z',
    }),
    contractExample(RELEASE_TIME_CAME_V1, {
      release_id: RELEASE,
      owner_id: ADA,
      receivers_id: [BOB],
      name: 'For Bob, next new year',
      came_at: '2027-01-01T00:00:00.000Z',
    }),
    contractExample(ASSET_RELEASED_V1, {
      release_id: RELEASE,
      owner_id: ADA,
      receivers_id: [BOB],
      assets_id: [ASSET],
      name: 'For Bob, next new year',
      released_by: BOB,
      bequest_type: 'gift',
      released_at: '2027-01-01T00:05:00.000Z',
    }),
    contractExample(ASSET_RELEASE_CANCELED_V1, {
      release_id: RELEASE,
      owner_id: ADA,
      receivers_id: [BOB],
      assets_id: [ASSET],
      name: 'For Bob, next new year',
      canceled_by: ADA,
      reason: 'Changed my mind',
      canceled_at: '2026-06-01T10:00:00.000Z',
    }),
  ],
};
