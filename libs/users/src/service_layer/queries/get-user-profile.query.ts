import { MessageMetadata, Query } from '@keepem/shared/service_layer';
import { UserProfile } from './user-profile';

/** A user's own profile; administrators may read anyone's. */
export class GetUserProfile extends Query<UserProfile> {
  constructor(
    readonly userId: string,
    readonly requesterId: string,
    readonly requesterIsAdmin: boolean,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
