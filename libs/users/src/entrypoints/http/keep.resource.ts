import { AGGREGATE_STATES } from '@keepem/shared/domain';
import {
  halLinks,
  type HalLinks,
  halPageSchema,
  halResource,
  halResourceSchema,
  type ResponseSchema,
  viewFields,
} from '@keepem/shared/http';
import type { KeepDetails, PublicProfile } from '../../service_layer/keep-details';
import { userLocation } from './user-profile.resource';

export const MY_KEEPS_PATH = '/api/v1/me/keeps';
export const KEEPS_ADMIN_PATH = '/api/v1/keeps';
export const PENDING_ACTIONS_PATH = '/api/v1/me/pending-actions';
export const myKeepLocation = (id: string): string => `${MY_KEEPS_PATH}/${id}`;
export const keepAdminLocation = (id: string): string => `${KEEPS_ADMIN_PATH}/${id}`;

const nullableString = { type: 'string', nullable: true } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

/** What a keep shows of each of its users; never an e-mail address. Its `self` is the user's resource. */
const PUBLIC_PROFILE_SCHEMA: ResponseSchema = halResourceSchema({
  id: { type: 'string', format: 'uuid' },
  username: { type: 'string', example: 'ada_l' },
  public_name: { ...nullableString, example: 'Ada' },
  referral_code: { type: 'string', example: 'K7PQR' },
});

/**
 * A keep: its own fields, both users' public profiles embedded (HAL `_embedded`), and links to what
 * its reader may do next (`accept` for the requested user of a pending keep, `decline` for either
 * side of a live one).
 */
const KEEP_FIELDS_SCHEMA: ResponseSchema = halResourceSchema(
  {
    id: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: [...AGGREGATE_STATES], description: '`pending`, `active`, or `removed` once declined' },
    name_by_requester: { ...nullableString, description: 'what the requester calls the requested user; only the requester sees it' },
    name_by_requested: { ...nullableString, description: 'what the requested user calls the requester; only the requested user sees it' },
    declined_by: { type: 'string', format: 'uuid', nullable: true },
    declined_reason: nullableString,
    created_at: dateTime,
    modified_at: dateTime,
  },
  ['accept', 'decline'],
);

export const KEEP_RESOURCE_SCHEMA: ResponseSchema = {
  ...KEEP_FIELDS_SCHEMA,
  properties: {
    ...KEEP_FIELDS_SCHEMA.properties,
    _embedded: {
      type: 'object',
      properties: { requester: PUBLIC_PROFILE_SCHEMA, requested: PUBLIC_PROFILE_SCHEMA },
      required: ['requester', 'requested'],
    },
  },
  required: [...(KEEP_FIELDS_SCHEMA.required ?? []), '_embedded'],
};

export const KEEPS_EMBEDDED = 'keeps';
export const KEEP_PAGE_SCHEMA: ResponseSchema = halPageSchema(KEEPS_EMBEDDED, KEEP_RESOURCE_SCHEMA);

const PENDING_ACTIONS_FIELDS = viewFields({
  keeps: { type: 'integer', example: 2, description: 'pending keeps you were asked for and have not answered' },
  legacy: { type: 'integer', example: 0, description: 'legacies waiting for you' },
});

/** Counts, for a badge; `_links.keeps` lists the keeps counted. */
export const PENDING_ACTIONS_RESOURCE = halResource('PendingActionsResource', PENDING_ACTIONS_FIELDS, ['keeps']);

interface PublicProfileResource {
  id: string;
  username: string;
  public_name: string | null;
  referral_code: string;
  _links: HalLinks;
}

interface KeepResource {
  id: string;
  state: string;
  name_by_requester: string | null;
  name_by_requested: string | null;
  declined_by: string | null;
  declined_reason: string | null;
  created_at: string;
  modified_at: string;
  _embedded: { requester: PublicProfileResource; requested: PublicProfileResource };
  _links: HalLinks;
}

/** A keep as one of its parties reads it, at /me/keeps: with the actions open to that party. */
export function myKeepResource(keep: KeepDetails, readerId: string): KeepResource {
  const self = myKeepLocation(keep.id);
  const actions: Record<string, string> = {};
  if (keep.state === 'pending' && keep.requested.id === readerId) {
    actions.accept = `${self}/accept`;
  }
  if (keep.state === 'pending' || keep.state === 'active') {
    actions.decline = `${self}/decline`;
  }
  return keepResource(keep, halLinks(self, actions));
}

/** A keep as an administrator reads it, at /keeps. */
export function adminKeepResource(keep: KeepDetails): KeepResource {
  return keepResource(keep, halLinks(keepAdminLocation(keep.id)));
}

function keepResource(keep: KeepDetails, links: HalLinks): KeepResource {
  return {
    id: keep.id,
    state: keep.state,
    name_by_requester: keep.nameByRequester,
    name_by_requested: keep.nameByRequested,
    declined_by: keep.declinedBy,
    declined_reason: keep.declinedReason,
    created_at: keep.createdAt.toISOString(),
    modified_at: keep.modifiedAt.toISOString(),
    _embedded: { requester: publicProfileResource(keep.requester), requested: publicProfileResource(keep.requested) },
    _links: links,
  };
}

function publicProfileResource(profile: PublicProfile): PublicProfileResource {
  return {
    id: profile.id,
    username: profile.username,
    public_name: profile.publicName,
    referral_code: profile.referralCode,
    _links: halLinks(userLocation(profile.id)),
  };
}
