import { MessageProps, Query } from '@keepem/shared/service_layer';
import { UserProfile } from '../user-profile';

/** A user's own profile; administrators may read anyone's. */
export class GetUserProfile extends Query<UserProfile> {
  declare readonly userId: string;
  declare readonly requesterId: string;
  declare readonly requesterIsAdmin: boolean;

  constructor(props: MessageProps<GetUserProfile>) {
    super(props);
  }
}
