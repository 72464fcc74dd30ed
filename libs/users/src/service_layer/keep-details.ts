import type { AggregateState } from '@keepem/shared/domain';

/** What anyone a user keeps, or is asked to keep, may see of them: never their e-mail address. */
export interface PublicProfile {
  id: string;
  username: string;
  publicName: string | null;
  referralCode: string;
}

/** Which side of a keep a user is on. */
export type KeepSide = 'requester' | 'requested';

/** A keep as stored, for its views. */
export interface KeepRecord {
  id: string;
  requesterId: string;
  requestedId: string;
  nameByRequester: string | null;
  nameByRequested: string | null;
  state: AggregateState;
  declinedBy: string | null;
  declinedReason: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

/** A keep as its parties (and administrators) read it: both users' public profiles instead of their ids. */
export interface KeepDetails extends Omit<KeepRecord, 'requesterId' | 'requestedId'> {
  requester: PublicProfile;
  requested: PublicProfile;
}
