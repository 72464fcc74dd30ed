import { Injectable, OnModuleInit } from '@nestjs/common';
import { integrationEvent } from '@keepem/shared/contracts';
import { publication, PublishedEvents } from '@keepem/shared/service_layer';
import { PASSWORD_RESET_REQUESTED_V1 } from '../contracts/password-reset-requested.v1';
import { PUBLIC_PROFILE_CHANGED_V1 } from '../contracts/public-profile-changed.v1';
import { USER_ACTIVATED_V1 } from '../contracts/user-activated.v1';
import { USER_REGISTERED_V1 } from '../contracts/user-registered.v1';
import { PasswordResetRequested, UserActivated, UserPublicProfileChanged, UserRegistered } from '../domain/user.events';

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
