import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import { Keep, KeepId } from '../domain/keep.aggregate';
import { KeepAlreadyExistsError } from '../domain/keep.errors';
import type { UserId } from '../domain/user.aggregate';
import type { KeepRepository } from '../service_layer/ports/keep.repository.port';

export type KeepDocument = StoredAggregateMetadata & {
  requester_id: string;
  requested_id: string;
  name_by_requester: string | null;
  name_by_requested: string | null;
  declined_by: string | null;
  declined_reason: string | null;
  /**
   * The pair's key (Keep.pairOf) while the keep is pending or active, and absent once it is
   * declined. Both drivers' unique indexes pass over documents without the field, so it lets one
   * live keep per pair exist, any number of declined ones beside it.
   */
  live_pair?: string;
};

export const KEEPS_COLLECTION: CollectionSpec = {
  name: 'keeps',
  // Two requests for one pair that both found it free: the one that commits second is rerun, finds
  // the other's keep and answers so; should it lose every rerun, the clash answers the same.
  uniqueIndexes: [{ fields: ['live_pair'], clash: () => new KeepAlreadyExistsError() }],
  // A user's keeps on either side, by state (their lists, pending actions, findLiveOf).
  lookupIndexes: [
    ['requester_id', 'state'],
    ['requested_id', 'state'],
  ],
};

export class DocumentKeepRepository extends DocumentRepository<Keep, KeepDocument> implements KeepRepository {
  protected readonly collection = KEEPS_COLLECTION.name;

  findLiveBetween(oneUserId: string, otherUserId: string): Promise<Keep | null> {
    return this.findOneWhere({ live_pair: Keep.pairOf(oneUserId, otherUserId) });
  }

  /** By side and live state, so the declined keeps a user gathers over time are never read. */
  async findLiveOf(userId: string): Promise<Keep[]> {
    const live: Keep[] = [];
    for (const side of ['requester_id', 'requested_id']) {
      for (const state of ['pending', 'active']) {
        live.push(...(await this.findManyWhere({ [side]: userId, state })));
      }
    }
    return live;
  }

  protected toDocument(keep: Keep): KeepDocument {
    return {
      requester_id: keep.requester,
      requested_id: keep.requested,
      name_by_requester: keep.nameByRequester,
      name_by_requested: keep.nameByRequested,
      declined_by: keep.declinedBy,
      declined_reason: keep.declinedReason,
      live_pair: keep.livePair ?? undefined,
      ...this.storedMetadata(keep),
    };
  }

  protected fromDocument(document: KeepDocument & StoredDocument): Keep {
    return Keep.restore(document._id as KeepId, this.restoredMetadata(document), {
      requester: document.requester_id as UserId,
      requested: document.requested_id as UserId,
      nameByRequester: document.name_by_requester ?? null,
      nameByRequested: document.name_by_requested ?? null,
      declinedBy: (document.declined_by ?? null) as UserId | null,
      declinedReason: document.declined_reason ?? null,
    });
  }
}
