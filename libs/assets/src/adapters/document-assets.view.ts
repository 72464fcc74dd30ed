import { Inject, Injectable } from '@nestjs/common';
import type { AggregateState } from '@keepem/shared/domain';
import {
  DOCUMENT_READER,
  type DocumentQuery,
  type DocumentReader,
  type FieldCondition,
  type Page,
  type PageRequest,
} from '@keepem/shared/service_layer';
import { HELD_STATES } from '../domain/asset-states';
import type { AssetHolding, AssetRecord } from '../service_layer/asset-record';
import type { AssetSortField, AssetsFilter, AssetsView } from '../service_layer/ports/assets.view.port';
import { ASSETS_COLLECTION, type AssetDocument } from './document-asset.repository';

/** What the views read: never `encryption` (the data key) nor `upload_claim`. */
const ASSET_FIELDS = [
  'state',
  'owners_id',
  'title',
  'description',
  'tags',
  'people',
  'location',
  'created_date',
  'extra_private',
  'bookmarked',
  'file',
  'created_at',
  'modified_at',
] as const;

const HOLDING_FIELDS = ['state', 'file', 'tags'] as const;

type AssetFields = Pick<AssetDocument, (typeof ASSET_FIELDS)[number]> & { _id: string };
type HoldingFields = Pick<AssetDocument, (typeof HOLDING_FIELDS)[number]> & { _id: string };

const STORED_SORT_FIELDS: Record<AssetSortField, string> = { createdAt: 'created_at', title: 'title_order', size: 'file.size_bytes' };

/** How many holdings one read brings: an owner's stats read them all, a page at a time. */
const HOLDINGS_PAGE_SIZE = 500;

/** Reads assets straight from the collection the repository writes. */
@Injectable()
export class DocumentAssetsView implements AssetsView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findById(assetId: string): Promise<AssetRecord | null> {
    const asset = await this.documents.findById(ASSETS_COLLECTION.name, assetId, ASSET_FIELDS);
    return asset ? recordOf(asset as AssetFields) : null;
  }

  async page(filter: AssetsFilter, page: PageRequest<AssetSortField>): Promise<Page<AssetRecord>> {
    const found = await this.documents.findPage(ASSETS_COLLECTION.name, queryOf(filter), ASSET_FIELDS, {
      ...page,
      sort: { field: STORED_SORT_FIELDS[page.sort.field], direction: page.sort.direction },
    });
    return { items: found.items.map((asset) => recordOf(asset as AssetFields)), totalElements: found.totalElements };
  }

  async holdingsOf(ownerId: string): Promise<AssetHolding[]> {
    const query: DocumentQuery = { where: { owners_id: ownerId, state: { in: [...HELD_STATES] } } };
    const holdings: AssetHolding[] = [];
    for (let number = 0; ; number++) {
      const found = await this.documents.findPage(ASSETS_COLLECTION.name, query, HOLDING_FIELDS, {
        number,
        size: HOLDINGS_PAGE_SIZE,
        sort: { field: 'created_at', direction: 'asc' },
      });
      for (const item of found.items as HoldingFields[]) {
        holdings.push({ state: item.state, fileType: item.file.type, fileSizeBytes: item.file.size_bytes, tags: item.tags ?? [] });
      }
      if ((number + 1) * HOLDINGS_PAGE_SIZE >= found.totalElements) {
        return holdings;
      }
    }
  }
}

/**
 * The filter as one query: the owner, state and flags in `where`, and the file types and tags, each
 * a choice among values, as every pairing of one type with one tag in `anyOf` (a type and a tag
 * must both hold, and the query language has one `anyOf`).
 */
function queryOf(filter: AssetsFilter): DocumentQuery {
  const where: Record<string, FieldCondition> = {};
  if (filter.ownerId !== null) {
    where.owners_id = filter.ownerId;
  }
  if (filter.states.length > 0) {
    where.state = { in: filter.states };
  }
  if (filter.bookmarked !== null) {
    where.bookmarked = filter.bookmarked;
  }
  if (filter.extraPrivate !== null) {
    where.extra_private = filter.extraPrivate;
  }
  const typeConditions = filter.fileTypes.map((type): Record<string, FieldCondition> => ({
    'file.type': type.includes('/') ? type : { startsWith: `${type}/` },
  }));
  const tagConditions = filter.tags.map((tag): Record<string, FieldCondition> => ({ tags: tag }));
  const anyOf =
    typeConditions.length > 0 && tagConditions.length > 0
      ? typeConditions.flatMap((type) => tagConditions.map((tag) => ({ ...type, ...tag })))
      : [...typeConditions, ...tagConditions];
  return anyOf.length > 0 ? { where, anyOf } : { where };
}

/** Optional fields a stored document lacks read as null, as the answer's schema needs them. */
function recordOf(asset: AssetFields): AssetRecord {
  return {
    id: asset._id,
    state: asset.state as AggregateState,
    owners: asset.owners_id,
    title: asset.title,
    description: asset.description ?? null,
    tags: asset.tags ?? [],
    people: asset.people ?? [],
    location: asset.location ?? null,
    createdDate: asset.created_date ?? null,
    extraPrivate: asset.extra_private,
    bookmarked: asset.bookmarked,
    fileName: asset.file.name,
    fileType: asset.file.type,
    fileSizeBytes: asset.file.size_bytes,
    createdAt: asset.created_at,
    modifiedAt: asset.modified_at,
  };
}
