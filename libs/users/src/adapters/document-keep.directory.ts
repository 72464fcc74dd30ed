import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { KeepDirectory } from '../contracts/keep-directory';
import { Keep } from '../domain/keep.aggregate';
import { KEEPS_COLLECTION } from './document-keep.repository';

const PAIR_FIELDS = ['requester_id', 'requested_id'] as const;

/**
 * The users context's answer to KEEP_DIRECTORY, read from the committed keeps: one query by the
 * pairs' keys (`live_pair`, uniquely indexed, one live keep per pair), whatever the number of users
 * asked about. A removed user's keeps are declined with the account, so they never answer here.
 */
@Injectable()
export class DocumentKeepDirectory implements KeepDirectory {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async activeKeepsOf(userId: string, userIds: readonly string[]): Promise<string[]> {
    const pairs = [...new Set(userIds.filter((other) => other !== userId).map((other) => Keep.pairOf(userId, other)))];
    if (pairs.length === 0) {
      return [];
    }
    const { items } = await this.documents.findPage(
      KEEPS_COLLECTION.name,
      { where: { live_pair: { in: pairs }, state: 'active' } },
      PAIR_FIELDS,
      { number: 0, size: pairs.length, sort: { field: 'live_pair', direction: 'asc' } },
    );
    const keeps = new Set(items.map((keep) => (keep.requester_id === userId ? keep.requested_id : keep.requester_id)));
    return userIds.filter((other) => keeps.has(other));
  }
}
