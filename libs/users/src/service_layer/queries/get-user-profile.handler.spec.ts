import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NotFoundError } from '@keepem/shared/domain';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { DocumentUserProfileView } from '../../adapters/document-user-profile.view';
import { RemoveUser } from '../commands/remove-user.command';
import { RemoveUserHandler } from '../commands/remove-user.handler';
import { GetUserProfile } from './get-user-profile.query';
import { GetUserProfileHandler } from './get-user-profile.handler';

describe('GetUserProfile', () => {
  let fixture: UsersFixture;

  beforeEach(async () => {
    fixture = await usersFixture();
  });
  afterEach(() => fixture.close());

  const profile = (userId: string, requesterId: string, requesterIsAdmin = false) =>
    new GetUserProfileHandler(new DocumentUserProfileView(fixture.reader)).execute(
      new GetUserProfile({ userId, requesterId, requesterIsAdmin, metadata: fixture.metadata() }),
    );

  it('shows users their own profile, and administrators anyone’s; others get 404', async () => {
    const user = await fixture.activeUser();
    const other = await fixture.activeUser();

    await expect(profile(user.id, user.id)).resolves.toMatchObject({ id: user.id, state: 'active' });
    await expect(profile(user.id, other.id, true)).resolves.toMatchObject({ id: user.id });
    await expect(profile(user.id, other.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(profile(crypto.randomUUID(), other.id, true)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows a removed user to administrators only: to its former owner too it is gone', async () => {
    const user = await fixture.activeUser();
    const admin = await fixture.activeUser(['user', 'admin']);
    await new RemoveUserHandler(fixture.unitOfWork).execute(
      new RemoveUser({ userId: user.id, removal: { by: 'self' }, freshLogin: true, metadata: fixture.metadata() }),
    );

    await expect(profile(user.id, admin.id, true)).resolves.toMatchObject({ id: user.id, state: 'removed', publicName: null });
    await expect(profile(user.id, user.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
