import type { EventSubscription } from '@keepem/shared/messaging';
import { PUBLIC_PROFILE_CHANGED_V1, USER_ACTIVATED_V1, USER_REGISTERED_V1, USER_REMOVED_V1 } from '@keepem/users';
import { ASSET_RELEASE_CANCELED_V1 } from '../../contracts/asset-release-canceled.v1';
import { ASSET_RELEASE_SCHEDULED_V1 } from '../../contracts/asset-release-scheduled.v1';
import { ASSET_RELEASED_V1 } from '../../contracts/asset-released.v1';
import { ASSET_REMOVED_V1 } from '../../contracts/asset-removed.v1';
import { RELEASE_TIME_CAME_V1 } from '../../contracts/release-time-came.v1';

/**
 * What the assets context's consumers (UsersEventsConsumer, AssetsEventsConsumer,
 * ReleaseEmailsConsumer) read, for the AsyncAPI document.
 */
export const ASSETS_SUBSCRIPTIONS: readonly EventSubscription[] = [
  {
    consumer: 'assets.known-user-registered',
    contract: USER_REGISTERED_V1,
    summary: "Adds the new user to the assets context's copy of users (e-mail address and profile)",
  },
  {
    consumer: 'assets.known-user-activated',
    contract: USER_ACTIVATED_V1,
    summary: "Marks the user active in the assets context's copy of users",
  },
  {
    consumer: 'assets.known-user-profile',
    contract: PUBLIC_PROFILE_CHANGED_V1,
    summary: "Keeps the user's username, public name and state in the assets context's copy, the latest by event time",
  },
  {
    consumer: 'assets.user-removal',
    contract: USER_REMOVED_V1,
    summary: 'Ends what the assets context holds for a removed user: releases, assets they owned alone, co-ownerships',
  },
  {
    consumer: 'assets.removed-file-deletion',
    contract: ASSET_REMOVED_V1,
    summary: "Deletes a removed asset's stored file (again, if it is still there)",
  },
  {
    consumer: 'assets.legacy-prepared-email',
    contract: ASSET_RELEASE_SCHEDULED_V1,
    summary: 'E-mails each receiver that a legacy was prepared for them, and nothing of it',
  },
  {
    consumer: 'assets.legacy-waiting-email',
    contract: RELEASE_TIME_CAME_V1,
    summary: 'E-mails each receiver that a legacy is waiting for them',
  },
  {
    consumer: 'assets.legacy-released-email',
    contract: ASSET_RELEASED_V1,
    summary: 'E-mails the owner and each receiver that the legacy was received, and by whom',
  },
  {
    consumer: 'assets.legacy-canceled-email',
    contract: ASSET_RELEASE_CANCELED_V1,
    summary: 'E-mails the other parties that the legacy is off',
  },
];
