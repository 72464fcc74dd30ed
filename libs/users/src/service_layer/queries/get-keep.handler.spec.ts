import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { DocumentKeepsView } from '../../adapters/document-keeps.view';
import { DocumentUserPublicProfilesView } from '../../adapters/document-user-public-profiles.view';
import { KeepNotFoundError } from '../../domain/keep.errors';
import type { User } from '../../domain/user.aggregate';
import { GetKeep } from './get-keep.query';
import { GetKeepHandler } from './get-keep.handler';
import type { KeepReader } from './keep-reader';

describe('GetKeep', () => {
  let fixture: KeepsFixture;
  let ada: User;
  let bob: User;
  let keepId: string;

  beforeEach(async () => {
    fixture = await keepsFixture();
    [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
    keepId = await fixture.requestKeep(ada, { toId: bob.id }, 'Bobby');
    await fixture.acceptKeep(bob, keepId, 'Ada L.');
  });
  afterEach(() => fixture.close());

  const get = (reader: KeepReader, id = keepId) =>
    new GetKeepHandler(new DocumentKeepsView(fixture.reader), new DocumentUserPublicProfilesView(fixture.reader)).execute(
      new GetKeep({ keepId: id, reader, metadata: fixture.metadata() }),
    );
  const asUser = (user: User): KeepReader => ({ userId: user.id, isAdmin: false });

  it('shows either party both public profiles, and only the name that party gave', async () => {
    const publicProfile = (user: User) => ({
      id: user.id,
      username: user.username.value,
      publicName: null,
      referralCode: user.referralCode.value,
    });

    expect(await get(asUser(ada))).toMatchObject({
      id: keepId,
      state: 'active',
      requester: publicProfile(ada),
      requested: publicProfile(bob),
      nameByRequester: 'Bobby',
      nameByRequested: null,
    });
    expect(await get(asUser(bob))).toMatchObject({ nameByRequester: null, nameByRequested: 'Ada L.' });
  });

  it('shows an administrator any keep with both names', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    expect(await get({ userId: admin.id, isAdmin: true })).toMatchObject({ nameByRequester: 'Bobby', nameByRequested: 'Ada L.' });
  });

  it('answers anyone else, and an unknown keep, as not found', async () => {
    const stranger = await fixture.activeUser();
    await expect(get(asUser(stranger))).rejects.toBeInstanceOf(KeepNotFoundError);
    await expect(get(asUser(ada), crypto.randomUUID())).rejects.toBeInstanceOf(KeepNotFoundError);
  });
});
