import type { AggregateState } from '@keepem/shared/domain';
import { type HalLink, halLinks, halPageSchema, halResourceSchema, type ResponseSchema } from '@keepem/shared/http';
import type { PartyProfile, ReleaseSeen } from '../../service_layer/release-record';
import { assetLocation, MY_ASSETS_PATH } from './asset-locations';
import { releaseLocation, releaseTriggerLocation } from './legacy-locations';

const userLocation = (id: string): string => `/api/v1/users/${id}`;

/** A release's state as the API names it: scheduled until a receiver triggers it or someone cancels it. */
export const RELEASE_STATES = ['scheduled', 'released', 'cancelled'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

const STATE_NAMES: Partial<Record<AggregateState, ReleaseState>> = { active: 'scheduled', inactive: 'released', removed: 'cancelled' };
/** The stored states behind the API's names, for the administrators' filter. */
export const STORED_RELEASE_STATES: Record<ReleaseState, AggregateState> = {
  scheduled: 'active',
  released: 'inactive',
  cancelled: 'removed',
};

const uuid = { type: 'string', format: 'uuid' } as const;
const nullableUuid = { ...uuid, nullable: true } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const HAL_LINK_SCHEMA: ResponseSchema = { type: 'object', properties: { href: { type: 'string' } }, required: ['href'] };

/** A party's public profile; `username` is null while the assets context has not heard of them yet. */
const PARTY_SCHEMA: ResponseSchema = {
  type: 'object',
  properties: {
    id: uuid,
    username: { type: 'string', nullable: true, example: 'ada_l' },
    public_name: { type: 'string', nullable: true, example: 'Ada' },
  },
  required: ['id', 'username', 'public_name'],
};

const RELEASE_FIELDS: Record<string, ResponseSchema> = {
  id: uuid,
  state: {
    type: 'string',
    enum: [...RELEASE_STATES],
    description: '`scheduled` until a receiver triggers it (`released`) or it is `cancelled`',
  },
  release_type: { type: 'string', enum: ['to_future_self', 'in_a_bottle', 'hide_and_seek', 'time_capsule', 'transfer'] },
  bequest_type: {
    type: 'string',
    enum: ['self', 'gift', 'co_ownership'],
    description: 'how the assets change hands: back to the owner (`self`), to the receivers (`gift`), or to both (`co_ownership`)',
  },
  name: { type: 'string', example: 'For my 50th birthday' },
  description: { type: 'string', nullable: true, example: 'What I hoped for at 30' },
  owner_id: uuid,
  receivers_id: { type: 'array', items: uuid },
  assets_id: { type: 'array', items: uuid },
  release_time: {
    ...dateTime,
    nullable: true,
    description: 'from when it may be triggered; null when it has no time, and for "in a bottle" until that secret time has passed',
  },
  location: {
    type: 'string',
    nullable: true,
    example: 'sagradafamília',
    description: 'the place that opens it, as it is compared (lower-cased, without spaces): shown to its owner only',
  },
  needs_location: { type: 'boolean', description: 'whether triggering it needs `geo_location`, the place its owner chose' },
  time_has_come: { type: 'boolean', description: 'whether its time has passed (always, for a release without a time)' },
  released_by: { ...nullableUuid, description: 'the receiver who triggered it' },
  canceled_by: { ...nullableUuid, description: 'who cancelled it; null when the service did (see `cancel_reason`)' },
  cancel_reason: { type: 'string', nullable: true, example: 'a receiver is no longer a keep of the owner' },
  owner: PARTY_SCHEMA,
  receivers: { type: 'array', items: PARTY_SCHEMA },
  created_at: dateTime,
  modified_at: dateTime,
};

const BASE_SCHEMA = halResourceSchema(RELEASE_FIELDS, ['owner', 'trigger', 'received']);
const BASE_LINKS = BASE_SCHEMA.properties!._links as ResponseSchema;

/**
 * A release ("legacy") as its owner or a receiver sees it: what it holds and for whom, never the
 * assets themselves. `_links.trigger` is there for a receiver while it is scheduled; `_links.received`
 * (the receiver's assets) once it is released.
 */
export const RELEASE_RESOURCE_SCHEMA: ResponseSchema = {
  ...BASE_SCHEMA,
  properties: {
    ...BASE_SCHEMA.properties,
    _links: {
      ...BASE_LINKS,
      properties: {
        ...BASE_LINKS.properties,
        receivers: { type: 'array', items: HAL_LINK_SCHEMA },
        assets: { type: 'array', items: HAL_LINK_SCHEMA },
      },
      required: ['self', 'owner', 'receivers', 'assets'],
    },
  },
};

export const RELEASES_EMBEDDED = 'releases';
export const RELEASE_PAGE_SCHEMA: ResponseSchema = halPageSchema(RELEASES_EMBEDDED, RELEASE_RESOURCE_SCHEMA);

export interface ReleaseResource {
  id: string;
  state: ReleaseState;
  release_type: string;
  bequest_type: string;
  name: string;
  description: string | null;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  release_time: string | null;
  location: string | null;
  needs_location: boolean;
  time_has_come: boolean;
  released_by: string | null;
  canceled_by: string | null;
  cancel_reason: string | null;
  owner: PartyResource;
  receivers: PartyResource[];
  created_at: string;
  modified_at: string;
  _links: { self: HalLink; owner: HalLink; receivers: HalLink[]; assets: HalLink[]; trigger?: HalLink; received?: HalLink };
}

interface PartyResource {
  id: string;
  username: string | null;
  public_name: string | null;
}

const partyResource = (party: PartyProfile): PartyResource => ({ id: party.id, username: party.username, public_name: party.publicName });

export function releaseResource(release: ReleaseSeen): ReleaseResource {
  const more: Record<string, string> = {};
  if (release.readerReceives && release.state === 'active') {
    more.trigger = releaseTriggerLocation(release.id);
  }
  if (release.readerReceives && release.state === 'inactive') {
    more.received = MY_ASSETS_PATH;
  }
  return {
    id: release.id,
    state: STATE_NAMES[release.state] ?? 'scheduled',
    release_type: release.releaseType,
    bequest_type: release.bequestType,
    name: release.name,
    description: release.description,
    owner_id: release.ownerId,
    receivers_id: release.receivers,
    assets_id: release.assets,
    release_time: release.releaseTime?.toISOString() ?? null,
    location: release.location,
    needs_location: release.needsLocation,
    time_has_come: release.due,
    released_by: release.releasedBy,
    canceled_by: release.canceledBy,
    cancel_reason: release.cancelReason,
    owner: partyResource(release.ownerProfile),
    receivers: release.receiverProfiles.map(partyResource),
    created_at: release.createdAt.toISOString(),
    modified_at: release.modifiedAt.toISOString(),
    _links: {
      ...halLinks(releaseLocation(release.id), more),
      owner: { href: userLocation(release.ownerId) },
      receivers: release.receivers.map((receiver) => ({ href: userLocation(receiver) })),
      assets: release.assets.map((asset) => ({ href: assetLocation(asset) })),
    },
  };
}
