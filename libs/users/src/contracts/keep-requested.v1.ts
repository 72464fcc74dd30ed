import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/** A user asked another to keep each other; the requested user is to accept or decline. */
export type KeepRequestedV1 = {
  keep_id: string;
  requester_id: string;
  requested_id: string;
  requested_at: string;
};

export const KEEP_REQUESTED_V1 = eventContract<KeepRequestedV1>(USERS_SOURCE, 'keep-requested', 1);
