import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type AggregateState } from '@keepem/shared/domain';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { PASSWORD_RESET_REQUESTED_V1 } from '../../contracts';
import { RequestPasswordReset } from './request-password-reset.command';
import { RequestPasswordResetHandler } from './request-password-reset.handler';

describe('RequestPasswordReset', () => {
  let fixture: UsersFixture;

  beforeEach(async () => {
    fixture = await usersFixture();
  });
  afterEach(() => fixture.close());

  const request = (email: string) =>
    new RequestPasswordResetHandler(fixture.unitOfWork).execute(new RequestPasswordReset({ email, metadata: fixture.metadata() }));
  const resetRequests = async (userId: string) =>
    (await fixture.outboxOf(userId)).filter((record) => record.type === PASSWORD_RESET_REQUESTED_V1.type);
  const allRecords = async () =>
    (await fixture.outbox.page(undefined, { number: 0, size: 1000, sort: { field: 'occurredAt', direction: 'asc' } })).totalElements;

  it('publishes the request of an active account, with the address the link goes to and no token', async () => {
    const user = await fixture.activeUser();

    await request(user.email.value);

    expect((await resetRequests(user.id)).map((record) => record.payload)).toEqual([
      { user_id: user.id, username: user.username.value, email: user.email.value, requested_at: fixture.clock.now().toISOString() },
    ]);
  });

  it('finds the account by any spelling of its address', async () => {
    const user = await fixture.activeUser();

    await request(`  ${user.email.value.toUpperCase()} `);

    expect(await resetRequests(user.id)).toHaveLength(1);
  });

  it('answers an unknown address as a known one, and stores nothing', async () => {
    await fixture.activeUser();
    const before = await allRecords();
    expect(before).toBeGreaterThan(0);

    await expect(request('nobody@example.com')).resolves.toBeUndefined();

    expect(await allRecords()).toBe(before);
  });

  it.each<[string, AggregateState]>([
    ['pending', 'pending'],
    ['disabled', 'hidden'],
    ['removed', 'removed'],
  ])('sends nothing for a %s account, and answers alike', async (_, state) => {
    const user = state === 'pending' ? await fixture.pendingUser() : await fixture.activeUser();
    if (state !== 'pending') {
      await fixture.alter(user, { state });
    }
    const before = await allRecords();

    await expect(request(user.email.value)).resolves.toBeUndefined();

    expect(await resetRequests(user.id)).toEqual([]);
    expect(await allRecords()).toBe(before);
  });
});
