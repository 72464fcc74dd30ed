import { AGGREGATE_STATES } from '@keepem/shared/domain';
import { type HalLink, halLinks, halPageSchema, halResourceSchema, type ResponseSchema } from '@keepem/shared/http';
import type { AssetRecord } from '../../service_layer/asset-record';
import { assetFileLocation, assetLocation } from './asset-locations';

/** Where a user's own resource is (the users context's route): what `_links.owners` points to. */
const userLocation = (id: string): string => `/api/v1/users/${id}`;

const nullableString = { type: 'string', nullable: true } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const HAL_LINK_SCHEMA: ResponseSchema = { type: 'object', properties: { href: { type: 'string' } }, required: ['href'] };

const ASSET_FIELDS: Record<string, ResponseSchema> = {
  id: { type: 'string', format: 'uuid' },
  state: {
    type: 'string',
    enum: [...AGGREGATE_STATES],
    description: '`pending` until its file is uploaded, then `active` (an administrator also sees `hidden` and `removed`)',
  },
  owners_id: { type: 'array', items: { type: 'string', format: 'uuid' } },
  title: { type: 'string', example: 'Grandma’s garden' },
  description: { ...nullableString, example: 'Her roses, the summer before she moved' },
  tags: { type: 'array', items: { type: 'string' }, example: ['family', 'summer'] },
  people: { type: 'array', items: { type: 'string' }, example: ['Grandma Rose'] },
  location: { ...nullableString, example: 'Lyon' },
  created_date: { ...nullableString, example: 'summer 1998', description: 'when the memory is from, in the owner’s words' },
  extra_private: { type: 'boolean', description: 'left out of "of the week"' },
  bookmarked: { type: 'boolean' },
  file_name: { type: 'string', example: 'garden.jpg' },
  file_type: { type: 'string', example: 'image/jpeg' },
  file_size_bytes: { type: 'integer', example: 2_400_000 },
  created_at: dateTime,
  modified_at: dateTime,
};

const BASE_SCHEMA = halResourceSchema(ASSET_FIELDS, ['file', 'upload']);
const BASE_LINKS = BASE_SCHEMA.properties!._links as ResponseSchema;

/**
 * An asset as the API shows it: what its owners said about it and the file they declared, never its
 * data key nor where its bytes are. `_links.file` is the decrypted file once uploaded; `_links.upload`
 * is where a pending asset's file goes (PUT, with the upload token its creation answered with, which
 * is given nowhere else); `_links.owners` are the owners' user resources.
 */
export const ASSET_RESOURCE_SCHEMA: ResponseSchema = {
  ...BASE_SCHEMA,
  properties: {
    ...BASE_SCHEMA.properties,
    _links: {
      ...BASE_LINKS,
      properties: { ...BASE_LINKS.properties, owners: { type: 'array', items: HAL_LINK_SCHEMA } },
      required: ['self', 'owners'],
    },
  },
};

export const ASSETS_EMBEDDED = 'assets';
export const ASSET_PAGE_SCHEMA: ResponseSchema = halPageSchema(ASSETS_EMBEDDED, ASSET_RESOURCE_SCHEMA);

export interface AssetResource {
  id: string;
  state: string;
  owners_id: string[];
  title: string;
  description: string | null;
  tags: string[];
  people: string[];
  location: string | null;
  created_date: string | null;
  extra_private: boolean;
  bookmarked: boolean;
  file_name: string;
  file_type: string;
  file_size_bytes: number;
  created_at: string;
  modified_at: string;
  _links: { self: HalLink; owners: HalLink[]; file?: HalLink; upload?: HalLink };
}

export function assetResource(asset: AssetRecord): AssetResource {
  const more: Record<string, string> = {};
  if (asset.state === 'active') {
    more.file = assetFileLocation(asset.id);
  }
  if (asset.state === 'pending') {
    more.upload = assetFileLocation(asset.id);
  }
  return {
    id: asset.id,
    state: asset.state,
    owners_id: asset.owners,
    title: asset.title,
    description: asset.description,
    tags: asset.tags,
    people: asset.people,
    location: asset.location,
    created_date: asset.createdDate,
    extra_private: asset.extraPrivate,
    bookmarked: asset.bookmarked,
    file_name: asset.fileName,
    file_type: asset.fileType,
    file_size_bytes: asset.fileSizeBytes,
    created_at: asset.createdAt.toISOString(),
    modified_at: asset.modifiedAt.toISOString(),
    _links: { ...halLinks(assetLocation(asset.id), more), owners: asset.owners.map((owner) => ({ href: userLocation(owner) })) },
  };
}
