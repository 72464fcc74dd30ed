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
import type { BequestType, ReleaseType } from '../domain/asset-release.aggregate';
import type { ReleaseCondition } from '../domain/release-condition';
import type { ReleaseRecord } from '../service_layer/release-record';
import type { ReleasesFilter, ReleaseSortField, ReleasesView } from '../service_layer/ports/releases.view.port';
import { ASSET_RELEASES_COLLECTION } from './document-asset-release.repository';

const RELEASES_COLLECTION_NAME = ASSET_RELEASES_COLLECTION.name;

const RELEASE_FIELDS = [
  'state',
  'name',
  'description',
  'owner_id',
  'receivers_id',
  'assets_id',
  'conditions',
  'release_type',
  'bequest_type',
  'released_by',
  'canceled_by',
  'cancel_reason',
  'created_at',
  'modified_at',
] as const;

type StoredCondition = { kind: 'time'; at: Date | string } | { kind: 'location'; answer: string } | { kind: 'immediate' };

interface ReleaseFields {
  _id: string;
  state: AggregateState;
  name: string;
  description?: string | null;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  conditions: StoredCondition[];
  release_type: ReleaseType;
  bequest_type: BequestType;
  released_by?: string | null;
  canceled_by?: string | null;
  cancel_reason?: string | null;
  created_at: Date;
  modified_at: Date;
}

const STORED_SORT_FIELDS: Record<ReleaseSortField, string> = { createdAt: 'created_at', name: 'name' };

/** How many releases one read brings when a view reads all of a receiver's. */
const READ_PAGE_SIZE = 500;

/** Reads releases straight from the collection the repository writes. */
@Injectable()
export class DocumentReleasesView implements ReleasesView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findById(releaseId: string): Promise<ReleaseRecord | null> {
    const release = await this.documents.findById(RELEASES_COLLECTION_NAME, releaseId, RELEASE_FIELDS);
    return release ? recordOf(release as unknown as ReleaseFields) : null;
  }

  async page(filter: ReleasesFilter, page: PageRequest<ReleaseSortField>): Promise<Page<ReleaseRecord>> {
    const where: Record<string, FieldCondition> = {};
    if (filter.ownerId !== null) {
      where.owner_id = filter.ownerId;
    }
    if (filter.states.length > 0) {
      where.state = { in: filter.states };
    }
    const found = await this.documents.findPage(RELEASES_COLLECTION_NAME, { where }, RELEASE_FIELDS, {
      ...page,
      sort: { field: STORED_SORT_FIELDS[page.sort.field], direction: page.sort.direction },
    });
    return { items: found.items.map((release) => recordOf(release as unknown as ReleaseFields)), totalElements: found.totalElements };
  }

  async liveReceivedBy(userId: string): Promise<ReleaseRecord[]> {
    const query: DocumentQuery = { where: { receivers_id: userId, state: 'active' } };
    const releases: ReleaseRecord[] = [];
    for (let number = 0; ; number++) {
      const found = await this.documents.findPage(RELEASES_COLLECTION_NAME, query, RELEASE_FIELDS, {
        number,
        size: READ_PAGE_SIZE,
        sort: { field: 'created_at', direction: 'desc' },
      });
      releases.push(...found.items.map((release) => recordOf(release as unknown as ReleaseFields)));
      if ((number + 1) * READ_PAGE_SIZE >= found.totalElements) {
        return releases;
      }
    }
  }
}

function conditionOf(condition: StoredCondition): ReleaseCondition {
  switch (condition.kind) {
    case 'time':
      return { kind: 'time', at: new Date(condition.at) };
    case 'location':
      return { kind: 'location', answer: condition.answer };
    case 'immediate':
      return { kind: 'immediate' };
  }
}

function recordOf(release: ReleaseFields): ReleaseRecord {
  return {
    id: release._id,
    state: release.state,
    name: release.name,
    description: release.description ?? null,
    ownerId: release.owner_id,
    receivers: release.receivers_id,
    assets: release.assets_id,
    releaseType: release.release_type,
    bequestType: release.bequest_type,
    conditions: release.conditions.map(conditionOf),
    releasedBy: release.released_by ?? null,
    canceledBy: release.canceled_by ?? null,
    cancelReason: release.cancel_reason ?? null,
    createdAt: new Date(release.created_at),
    modifiedAt: new Date(release.modified_at),
  };
}
