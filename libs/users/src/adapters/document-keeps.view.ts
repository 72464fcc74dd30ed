import { Inject, Injectable } from '@nestjs/common';
import type { AggregateState } from '@keepem/shared/domain';
import { DOCUMENT_READER, type DocumentQuery, type DocumentReader, type Page, type PageRequest } from '@keepem/shared/service_layer';
import type { KeepRecord } from '../service_layer/keep-details';
import type { KeepSortField, KeepsFilter, KeepsView } from '../service_layer/ports/keeps.view.port';
import { type KeepDocument, KEEPS_COLLECTION } from './document-keep.repository';

const KEEP_FIELDS = [
  'requester_id',
  'requested_id',
  'name_by_requester',
  'name_by_requested',
  'state',
  'declined_by',
  'declined_reason',
  'created_at',
  'modified_at',
] as const;

type KeepFields = Pick<KeepDocument, (typeof KEEP_FIELDS)[number]> & { _id: string };

const STORED_SORT_FIELDS: Record<KeepSortField, string> = { createdAt: 'created_at', modifiedAt: 'modified_at' };

const SIDE_FIELDS = { requester: 'requester_id', requested: 'requested_id' } as const;

/** Reads keeps straight from the collection the repository writes. */
@Injectable()
export class DocumentKeepsView implements KeepsView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findById(keepId: string): Promise<KeepRecord | null> {
    const keep = await this.documents.findById(KEEPS_COLLECTION.name, keepId, KEEP_FIELDS);
    return keep ? recordOf(keep as KeepFields) : null;
  }

  async page(filter: KeepsFilter, page: PageRequest<KeepSortField>): Promise<Page<KeepRecord>> {
    const found = await this.documents.findPage(KEEPS_COLLECTION.name, queryOf(filter), KEEP_FIELDS, {
      ...page,
      sort: { field: STORED_SORT_FIELDS[page.sort.field], direction: page.sort.direction },
    });
    return { items: found.items.map((keep) => recordOf(keep as KeepFields)), totalElements: found.totalElements };
  }

  countPendingFor(requestedId: string): Promise<number> {
    return this.documents.count(KEEPS_COLLECTION.name, { where: { requested_id: requestedId, state: 'pending' } });
  }
}

function queryOf({ partyId, side, state }: KeepsFilter): DocumentQuery {
  const where: Record<string, string> = state ? { state } : {};
  if (partyId === null) {
    return { where };
  }
  if (side) {
    return { where: { ...where, [SIDE_FIELDS[side]]: partyId } };
  }
  return { where, anyOf: [{ requester_id: partyId }, { requested_id: partyId }] };
}

/** Optional fields a stored document lacks read as null, as the answer's schema needs them. */
function recordOf(keep: KeepFields): KeepRecord {
  return {
    id: keep._id,
    requesterId: keep.requester_id,
    requestedId: keep.requested_id,
    nameByRequester: keep.name_by_requester ?? null,
    nameByRequested: keep.name_by_requested ?? null,
    state: keep.state as AggregateState,
    declinedBy: keep.declined_by ?? null,
    declinedReason: keep.declined_reason ?? null,
    createdAt: keep.created_at,
    modifiedAt: keep.modified_at,
  };
}
