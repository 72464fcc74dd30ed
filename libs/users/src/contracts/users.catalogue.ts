import { contractExample, type EventCatalogue, type EventContract, type JsonObject } from '@keepem/shared/contracts';
import { KEEP_ACCEPTED_V1 } from './keep-accepted.v1';
import { KEEP_DECLINED_V1 } from './keep-declined.v1';
import { KEEP_REQUESTED_V1 } from './keep-requested.v1';
import { PASSWORD_RESET_REQUESTED_V1 } from './password-reset-requested.v1';
import { PUBLIC_PROFILE_CHANGED_V1 } from './public-profile-changed.v1';
import { USER_ACTIVATED_V1 } from './user-activated.v1';
import { USER_REGISTERED_V1 } from './user-registered.v1';
import { USER_REMINDER_ADDED_V1 } from './user-reminder-added.v1';
import { USER_REMINDER_REMOVED_V1 } from './user-reminder-removed.v1';
import { USER_REMOVED_V1 } from './user-removed.v1';
import { USERS_PAYLOAD_SCHEMAS } from './users.payload-schemas';
import { USERS_SOURCE } from './users.source';

/** Every contract the users context publishes (a unit test fails when one is left out). */
export const USERS_CONTRACTS: readonly EventContract<JsonObject>[] = [
  USER_REGISTERED_V1,
  USER_ACTIVATED_V1,
  PUBLIC_PROFILE_CHANGED_V1,
  USER_REMOVED_V1,
  PASSWORD_RESET_REQUESTED_V1,
  USER_REMINDER_ADDED_V1,
  USER_REMINDER_REMOVED_V1,
  KEEP_REQUESTED_V1,
  KEEP_ACCEPTED_V1,
  KEEP_DECLINED_V1,
];

const ADA = '0b6f5a52-3c1e-4f0a-9a4e-6d1f2b7c8e90';
const BOB = '5d2c9e1a-7b3f-4c6d-8e0a-1f2b3c4d5e6f';
const ADMIN = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const KEEP = 'c4a1e2f3-6b5d-4a7c-9e8f-0d1c2b3a4f5e';

/** What the users context publishes, for the AsyncAPI document. */
export const USERS_EVENTS: EventCatalogue = {
  source: USERS_SOURCE,
  contracts: USERS_CONTRACTS,
  payloadSchemas: USERS_PAYLOAD_SCHEMAS,
  examples: [
    contractExample(USER_REGISTERED_V1, {
      user_id: ADA,
      username: 'ada',
      email: 'ada@example.com',
      public_name: 'Ada Lovelace',
      referred_by: BOB,
      activation_required: true,
      registered_at: '2026-05-04T10:15:30.000Z',
    }),
    contractExample(USER_ACTIVATED_V1, {
      user_id: ADA,
      username: 'ada',
      email: 'ada@example.com',
      public_name: 'Ada Lovelace',
      address_confirmed: true,
      referred_by: BOB,
      activated_at: '2026-05-04T10:21:02.000Z',
    }),
    contractExample(PUBLIC_PROFILE_CHANGED_V1, {
      user_id: ADA,
      username: 'ada',
      public_name: 'Ada Lovelace',
      state: 'active',
      changed_at: '2026-05-04T10:21:02.000Z',
    }),
    contractExample(USER_REMOVED_V1, {
      user_id: ADA,
      removed_by: 'admin',
      admin_id: ADMIN,
      reason: 'Asked by e-mail to close the account',
      removed_at: '2026-09-12T08:00:00.000Z',
    }),
    contractExample(PASSWORD_RESET_REQUESTED_V1, {
      user_id: ADA,
      username: 'ada',
      email: 'ada@example.com',
      requested_at: '2026-06-01T19:45:10.000Z',
    }),
    contractExample(USER_REMINDER_ADDED_V1, {
      user_id: ADA,
      title: "Bob's birthday",
      time: '2026-07-14T09:00:00.000Z',
      frequency_days: 365,
      related_user: BOB,
      added_at: '2026-05-05T12:00:00.000Z',
    }),
    contractExample(USER_REMINDER_REMOVED_V1, {
      user_id: ADA,
      title: "Bob's birthday",
      time: '2026-07-14T09:00:00.000Z',
      removed_at: '2026-05-06T12:00:00.000Z',
    }),
    contractExample(KEEP_REQUESTED_V1, {
      keep_id: KEEP,
      requester_id: ADA,
      requested_id: BOB,
      requested_at: '2026-05-04T10:21:02.000Z',
    }),
    contractExample(KEEP_ACCEPTED_V1, {
      keep_id: KEEP,
      requester_id: ADA,
      requested_id: BOB,
      accepted_at: '2026-05-04T18:03:44.000Z',
    }),
    contractExample(KEEP_DECLINED_V1, {
      keep_id: KEEP,
      requester_id: ADA,
      requested_id: BOB,
      declined_by: BOB,
      reason: null,
      was_active: true,
      declined_at: '2026-08-20T07:30:00.000Z',
    }),
  ],
};
