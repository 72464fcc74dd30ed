import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/**
 * One side declined a pending keep, or ended an active one (`was_active`); either way the two no
 * longer keep each other. Also sent for each keep of a removed user, with the reason "user removed".
 */
export type KeepDeclinedV1 = {
  keep_id: string;
  requester_id: string;
  requested_id: string;
  /** The user who declined: the requester or the requested. */
  declined_by: string;
  reason: string | null;
  was_active: boolean;
  declined_at: string;
};

export const KEEP_DECLINED_V1 = eventContract<KeepDeclinedV1>(USERS_SOURCE, 'keep-declined', 1);
