import type { KeepDetails, KeepRecord, PublicProfile } from '../keep-details';
import type { UserPublicProfilesView } from '../ports/user-public-profiles.view.port';

/** Who reads keeps: a user reads their own, an administrator anyone's. */
export interface KeepReader {
  userId: string;
  isAdmin: boolean;
}

/**
 * The keeps with both users' public profiles, read in one query for the whole page. What one side
 * calls the other is that side's own: a party sees the name they gave, never the one given to them;
 * an administrator sees both.
 */
export async function keepDetailsOf(records: KeepRecord[], profiles: UserPublicProfilesView, reader: KeepReader): Promise<KeepDetails[]> {
  const found = await profiles.findByIds(records.flatMap((keep) => [keep.requesterId, keep.requestedId]));
  const profileOf = (userId: string, keep: KeepRecord): PublicProfile => {
    const profile = found.get(userId);
    if (!profile) {
      // Users are never deleted (a removed user's document stays), so this is a broken reference.
      throw new Error(`Keep ${keep.id} names user ${userId}, who is not stored`);
    }
    return profile;
  };
  return records.map((keep) => ({
    id: keep.id,
    requester: profileOf(keep.requesterId, keep),
    requested: profileOf(keep.requestedId, keep),
    nameByRequester: reader.isAdmin || reader.userId === keep.requesterId ? keep.nameByRequester : null,
    nameByRequested: reader.isAdmin || reader.userId === keep.requestedId ? keep.nameByRequested : null,
    state: keep.state,
    declinedBy: keep.declinedBy,
    declinedReason: keep.declinedReason,
    createdAt: keep.createdAt,
    modifiedAt: keep.modifiedAt,
  }));
}
