import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PageRequest } from '@keepem/shared/service_layer';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { DocumentUserProfileView } from '../../adapters/document-user-profile.view';
import type { User } from '../../domain/user.aggregate';
import type { UserSortField } from '../ports/user-profile.view.port';
import { RemoveUser } from '../commands/remove-user.command';
import { RemoveUserHandler } from '../commands/remove-user.handler';
import { ListUsers } from './list-users.query';
import { ListUsersHandler } from './list-users.handler';

describe('ListUsers', () => {
  let fixture: UsersFixture;
  let users: User[];

  beforeEach(async () => {
    fixture = await usersFixture();
    // user_1 … user_4 (e-mails user.1@example.com …), a minute apart; user_3 stays pending.
    users = [];
    for (let n = 1; n <= 4; n += 1) {
      users.push(n === 3 ? await fixture.pendingUser() : await fixture.activeUser());
      fixture.clock.advance(60_000);
    }
  });
  afterEach(() => fixture.close());

  const firstPage: PageRequest<UserSortField> = { number: 0, size: 10, sort: { field: 'createdAt', direction: 'asc' } };
  const list = (props: Partial<Pick<ListUsers, 'state' | 'q' | 'page'>> = {}) =>
    new ListUsersHandler(new DocumentUserProfileView(fixture.reader)).execute(
      new ListUsers({ page: firstPage, ...props, metadata: fixture.metadata() }),
    );
  const namesIn = async (props: Parameters<typeof list>[0]) => (await list(props)).items.map((profile) => profile.username);

  it('pages through every user in the order asked, counting them all', async () => {
    const page = await list({ page: { number: 1, size: 3, sort: { field: 'createdAt', direction: 'asc' } } });

    expect(page.totalElements).toBe(4);
    expect(page.items).toEqual([
      {
        id: users[3].id,
        username: 'user_4',
        email: 'user.4@example.com',
        publicName: null,
        state: 'active',
        roles: ['user'],
        referralCode: users[3].referralCode.value,
        referredBy: null,
        createdAt: users[3].createdAt,
      },
    ]);
    expect(await namesIn({ page: { ...firstPage, sort: { field: 'createdAt', direction: 'desc' } } })).toEqual([
      'user_4',
      'user_3',
      'user_2',
      'user_1',
    ]);
    expect(await namesIn({ page: { ...firstPage, sort: { field: 'username', direction: 'desc' } } })).toEqual([
      'user_4',
      'user_3',
      'user_2',
      'user_1',
    ]);
  });

  it('filters by state', async () => {
    expect(await namesIn({ state: 'pending' })).toEqual(['user_3']);
    expect(await namesIn({ state: 'active' })).toEqual(['user_1', 'user_2', 'user_4']);
  });

  it('finds users by the start of their username or e-mail address, in any case', async () => {
    expect(await namesIn({ q: 'USER_2' })).toEqual(['user_2']);
    expect(await namesIn({ q: ' User.4@ ' })).toEqual(['user_4']);
    expect(await namesIn({ q: 'user' })).toHaveLength(4);
    expect(await namesIn({ q: 'example.com' })).toEqual([]);
    expect(await namesIn({ q: 'user.', state: 'pending' })).toEqual(['user_3']);
  });

  it('shows removed users to the administrator, without their old e-mail or name', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    await new RemoveUserHandler(fixture.unitOfWork).execute(
      new RemoveUser({
        userId: users[1].id,
        removal: { by: 'admin', adminId: admin.id, reason: 'spam' },
        freshLogin: false,
        metadata: fixture.metadata(),
      }),
    );

    const [removed] = (await list({ state: 'removed' })).items;
    expect(removed).toMatchObject({ id: users[1].id, username: 'user_2', email: `${users[1].id}@removed.invalid`, publicName: null });
    expect(await namesIn({ q: 'user.2@' })).toEqual([]);
  });
});
