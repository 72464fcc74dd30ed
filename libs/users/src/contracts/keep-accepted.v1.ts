import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/** The requested user accepted: from now on the two keep each other (e.g. may hand assets on to each other). */
export type KeepAcceptedV1 = {
  keep_id: string;
  requester_id: string;
  requested_id: string;
  accepted_at: string;
};

export const KEEP_ACCEPTED_V1 = eventContract<KeepAcceptedV1>(USERS_SOURCE, 'keep-accepted', 1);
