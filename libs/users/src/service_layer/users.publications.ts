import { Injectable, OnModuleInit } from '@nestjs/common';
import { integrationEvent } from '@keepem/shared/contracts';
import { publication, PublishedEvents } from '@keepem/shared/service_layer';
import { KEEP_ACCEPTED_V1 } from '../contracts/keep-accepted.v1';
import { KEEP_DECLINED_V1 } from '../contracts/keep-declined.v1';
import { KEEP_REQUESTED_V1 } from '../contracts/keep-requested.v1';
import { PUBLIC_PROFILE_CHANGED_V1 } from '../contracts/public-profile-changed.v1';
import { PASSWORD_RESET_REQUESTED_V1 } from '../contracts/password-reset-requested.v1';
import { USER_ACTIVATED_V1 } from '../contracts/user-activated.v1';
import { USER_REGISTERED_V1 } from '../contracts/user-registered.v1';
import { USER_REMOVED_V1 } from '../contracts/user-removed.v1';
import { KeepAccepted, KeepDeclined, KeepRequested } from '../domain/keep.events';
import { USER_REMINDER_ADDED_V1 } from '../contracts/user-reminder-added.v1';
import { USER_REMINDER_REMOVED_V1 } from '../contracts/user-reminder-removed.v1';
import {
  PasswordResetRequested,
  UserActivated,
  UserPublicProfileChanged,
  UserRegistered,
  UserReminderAdded,
  UserReminderRemoved,
  UserRemoved,
} from '../domain/user.events';

/** Which of the users context's domain events leave it, and the contract each is published as. */
export const USERS_PUBLICATIONS = [
  publication(UserRegistered, ({ payload, occurredAt }) =>
    integrationEvent(USER_REGISTERED_V1, {
      user_id: payload.userId,
      username: payload.username,
      email: payload.email,
      public_name: payload.publicName,
      referred_by: payload.referredBy,
      activation_required: payload.activationRequired,
      registered_at: occurredAt.toISOString(),
    }),
  ),
  publication(UserActivated, ({ payload, occurredAt }) =>
    integrationEvent(USER_ACTIVATED_V1, {
      user_id: payload.userId,
      username: payload.username,
      email: payload.email,
      public_name: payload.publicName,
      address_confirmed: payload.addressConfirmed,
      referred_by: payload.referredBy,
      activated_at: occurredAt.toISOString(),
    }),
  ),
  publication(UserPublicProfileChanged, ({ payload, occurredAt }) =>
    integrationEvent(PUBLIC_PROFILE_CHANGED_V1, {
      user_id: payload.userId,
      username: payload.username,
      public_name: payload.publicName,
      state: payload.state,
      changed_at: occurredAt.toISOString(),
    }),
  ),
  publication(UserRemoved, ({ payload, occurredAt }) =>
    integrationEvent(USER_REMOVED_V1, {
      user_id: payload.userId,
      removed_by: payload.removedBy,
      admin_id: payload.adminId,
      reason: payload.reason,
      removed_at: occurredAt.toISOString(),
    }),
  ),
  publication(KeepRequested, ({ payload, occurredAt }) =>
    integrationEvent(KEEP_REQUESTED_V1, {
      keep_id: payload.keepId,
      requester_id: payload.requesterId,
      requested_id: payload.requestedId,
      requested_at: occurredAt.toISOString(),
    }),
  ),
  publication(KeepAccepted, ({ payload, occurredAt }) =>
    integrationEvent(KEEP_ACCEPTED_V1, {
      keep_id: payload.keepId,
      requester_id: payload.requesterId,
      requested_id: payload.requestedId,
      accepted_at: occurredAt.toISOString(),
    }),
  ),
  publication(KeepDeclined, ({ payload, occurredAt }) =>
    integrationEvent(KEEP_DECLINED_V1, {
      keep_id: payload.keepId,
      requester_id: payload.requesterId,
      requested_id: payload.requestedId,
      declined_by: payload.declinedBy,
      reason: payload.reason,
      was_active: payload.wasActive,
      declined_at: occurredAt.toISOString(),
    }),
  ),
  publication(UserReminderAdded, ({ payload, occurredAt }) =>
    integrationEvent(USER_REMINDER_ADDED_V1, {
      user_id: payload.userId,
      title: payload.title,
      time: payload.time.toISOString(),
      frequency_days: payload.frequencyDays,
      related_user: payload.relatedUser,
      added_at: occurredAt.toISOString(),
    }),
  ),
  publication(UserReminderRemoved, ({ payload, occurredAt }) =>
    integrationEvent(USER_REMINDER_REMOVED_V1, {
      user_id: payload.userId,
      title: payload.title,
      time: payload.time.toISOString(),
      removed_at: occurredAt.toISOString(),
    }),
  ),
  publication(PasswordResetRequested, ({ payload, occurredAt }) =>
    integrationEvent(PASSWORD_RESET_REQUESTED_V1, {
      user_id: payload.userId,
      username: payload.username,
      email: payload.email,
      requested_at: occurredAt.toISOString(),
    }),
  ),
];

/** Tells the unit of work what the users context publishes, before any command runs. */
@Injectable()
export class UsersPublicationsRegistration implements OnModuleInit {
  constructor(private readonly published: PublishedEvents) {}

  onModuleInit(): void {
    this.published.register(...USERS_PUBLICATIONS);
  }
}
