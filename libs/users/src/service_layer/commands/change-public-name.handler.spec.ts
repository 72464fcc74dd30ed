import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, NotFoundError, RuleViolationError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { PUBLIC_PROFILE_CHANGED_V1 } from '../../contracts';
import { ChangePublicName } from './change-public-name.command';
import { ChangePublicNameHandler } from './change-public-name.handler';

describe('ChangePublicName', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const change = (userId: string, publicName: string | null) =>
    new ChangePublicNameHandler(fixture.unitOfWork).execute(new ChangePublicName({ userId, publicName, metadata: fixture.metadata() }));
  /** In the order a consumer receives them: by sequence, which follows commit order. */
  const profileRecords = async (userId: string) =>
    (await fixture.outboxOf(userId))
      .filter((record) => record.type === PUBLIC_PROFILE_CHANGED_V1.type)
      .sort((first, second) => first.sequence - second.sequence);

  it('stores the trimmed name and publishes the public profile with it', async () => {
    const user = await fixture.activeUser();
    const before = (await profileRecords(user.id)).length;

    await change(user.id, '  Ada Lovelace ');

    expect((await fixture.storedUser(user.id))?.publicName).toBe('Ada Lovelace');
    const records = await profileRecords(user.id);
    expect(records).toHaveLength(before + 1);
    expect(records.at(-1)?.payload).toEqual({
      user_id: user.id,
      username: user.username.value,
      public_name: 'Ada Lovelace',
      state: 'active',
      changed_at: fixture.clock.now().toISOString(),
    });
  });

  it('clears the name with null, and publishes that too', async () => {
    const user = await fixture.activeUser();
    await change(user.id, 'Ada');

    await change(user.id, null);

    expect((await fixture.storedUser(user.id))?.publicName).toBeNull();
    expect((await profileRecords(user.id)).at(-1)?.payload).toMatchObject({ public_name: null });
  });

  it('publishes nothing when the name is the one the user has', async () => {
    const user = await fixture.activeUser();
    await change(user.id, 'Ada');
    const before = await fixture.outboxOf(user.id);

    await change(user.id, ' Ada ');

    expect(await fixture.outboxOf(user.id)).toEqual(before);
  });

  it('refuses a name that is blank after trimming, and stores nothing', async () => {
    const user = await fixture.activeUser();
    const before = await fixture.outboxOf(user.id);

    const refused = change(user.id, '   ');

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'publicName' }] });
    expect((await fixture.storedUser(user.id))?.publicName).toBeNull();
    expect(await fixture.outboxOf(user.id)).toEqual(before);
  });

  it('refuses a removed user, and stores nothing', async () => {
    const user = await fixture.activeUser();
    await fixture.alter(user, { state: 'removed' });
    const before = await fixture.outboxOf(user.id);

    await expect(change(user.id, 'Ada')).rejects.toBeInstanceOf(RuleViolationError);

    expect((await fixture.storedUser(user.id))?.publicName).toBeNull();
    expect(await fixture.outboxOf(user.id)).toEqual(before);
  });

  it('answers not found for a user who does not exist', async () => {
    await expect(change(crypto.randomUUID(), 'Ada')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('two changes at once both land, one after the other: the loser of the race runs again on fresh data', async () => {
    const user = await fixture.activeUser();
    const before = (await profileRecords(user.id)).length;
    pause.wait = barrier(2);

    await Promise.all([change(user.id, 'Ada'), change(user.id, 'Grace')]);

    const stored = await fixture.storedUser(user.id);
    const records = await profileRecords(user.id);
    expect(records).toHaveLength(before + 2);
    // The last record published is the name stored, so a consumer keeping the latest agrees with us.
    expect(records.at(-1)?.payload).toMatchObject({ public_name: stored?.publicName });
    expect(['Ada', 'Grace']).toContain(stored?.publicName);
  });
});
