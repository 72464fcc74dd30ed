import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { plainPasswords, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { EmailAddress } from '../../domain/email-address.value-object';
import { PUBLIC_PROFILE_CHANGED_V1, USER_ACTIVATED_V1, USER_REGISTERED_V1 } from '../../contracts';
import { EmailAlreadyRegisteredError } from '../../domain/user.errors';
import { RegisterUser } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';
import { SeedAdministrator } from './seed-administrator.command';
import { SeedAdministratorHandler } from './seed-administrator.handler';

const ADMIN_EMAIL = 'Root@Keepem.test';
const ADMIN_PASSWORD = 'admin password 1';

describe('SeedAdministrator', () => {
  let fixture: UsersFixture;

  beforeEach(async () => {
    fixture = await usersFixture();
  });
  afterEach(() => fixture.close());

  const seed = (userId: string = crypto.randomUUID(), email = ADMIN_EMAIL, password = ADMIN_PASSWORD) =>
    new SeedAdministratorHandler(fixture.unitOfWork, plainPasswords).execute(
      new SeedAdministrator({ userId, email, password, metadata: fixture.metadata() }),
    );

  it('creates an active administrator, needing no activation, who can log in with the admin scope', async () => {
    const userId = crypto.randomUUID();

    await seed(userId);

    const admin = await fixture.storedUser(userId);
    expect(admin).toMatchObject({ state: 'active', roles: ['user', 'admin'], email: EmailAddress.parse(ADMIN_EMAIL) });
    expect(admin?.username.value).toBe('admin');
    expect((await fixture.outboxOf(userId)).map(({ type, payload }) => ({ type, payload }))).toEqual([
      { type: USER_REGISTERED_V1.type, payload: expect.objectContaining({ activation_required: false }) },
      { type: USER_ACTIVATED_V1.type, payload: expect.anything() },
      { type: PUBLIC_PROFILE_CHANGED_V1.type, payload: expect.objectContaining({ username: 'admin', state: 'active' }) },
    ]);
    const tokens = await fixture.logIn(ADMIN_EMAIL, { password: ADMIN_PASSWORD, scope: ['admin'] });
    expect(fixture.tokens.verifyAccessToken(tokens.accessToken).scope).toEqual(['admin']);
  });

  it('answers a second run with a conflict and leaves the first administrator as it was', async () => {
    const first = crypto.randomUUID();
    await seed(first);
    const second = crypto.randomUUID();

    await expect(seed(second, ADMIN_EMAIL.toLowerCase(), 'another password')).rejects.toBeInstanceOf(EmailAlreadyRegisteredError);

    expect(await fixture.storedUser(second)).toBeNull();
    expect((await fixture.storedUser(first))?.passwordHash).toBe(await plainPasswords.hash(ADMIN_PASSWORD));
  });

  it('two runs at once (the API and the worker starting together): one administrator, and the other run conflicts', async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    // Both runs have looked the address up before either commits.
    fixture.pauseUsersAfter('findByCanonicalEmail').wait = barrier(2);

    const outcomes = await Promise.allSettled(ids.map((id) => seed(id)));

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost.reason).toBeInstanceOf(EmailAlreadyRegisteredError);
    const admins = (await Promise.all(ids.map(fixture.storedUser))).filter((user) => user !== null);
    expect(admins).toHaveLength(1);
  });

  it('takes the next free username when someone registered as "admin" first', async () => {
    await new RegisterUserHandler(fixture.unitOfWork, plainPasswords).execute(
      new RegisterUser({
        userId: crypto.randomUUID(),
        username: 'admin',
        email: 'someone@example.com',
        password: 'their own password',
        publicName: null,
        referralCode: null,
        metadata: fixture.metadata(),
      }),
    );
    const userId = crypto.randomUUID();

    await seed(userId);

    expect((await fixture.storedUser(userId))?.username.value).toBe('admin_2');
  });

  it.each([
    ['ADMIN_EMAIL', 'not an address', ADMIN_PASSWORD],
    ['ADMIN_PASSWORD', ADMIN_EMAIL, 'short'],
  ])('refuses an unusable %s, naming the setting, and creates nobody', async (setting, email, password) => {
    const userId = crypto.randomUUID();

    const refused = seed(userId, email, password);

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: setting }] });
    expect(await fixture.storedUser(userId)).toBeNull();
  });
});
