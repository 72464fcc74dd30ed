import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ForbiddenError } from '@keepem/shared/domain';
import type { PageRequest } from '@keepem/shared/service_layer';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { DocumentKeepsView } from '../../adapters/document-keeps.view';
import { DocumentUserPublicProfilesView } from '../../adapters/document-user-public-profiles.view';
import type { User } from '../../domain/user.aggregate';
import type { KeepSortField, KeepsFilter } from '../ports/keeps.view.port';
import type { KeepReader } from './keep-reader';
import { ListKeeps } from './list-keeps.query';
import { ListKeepsHandler } from './list-keeps.handler';

describe('ListKeeps', () => {
  let fixture: KeepsFixture;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    fixture = await keepsFixture();
    [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
  });
  afterEach(() => fixture.close());

  const page: PageRequest<KeepSortField> = { number: 0, size: 20, sort: { field: 'createdAt', direction: 'asc' } };
  const list = (filter: Partial<KeepsFilter>, reader: KeepReader) =>
    new ListKeepsHandler(new DocumentKeepsView(fixture.reader), new DocumentUserPublicProfilesView(fixture.reader)).execute(
      new ListKeeps({ filter: { partyId: null, side: null, state: null, ...filter }, page, reader, metadata: fixture.metadata() }),
    );

  it('lists a user’s keeps with both profiles, each showing only the name the reader gave', async () => {
    const keepId = await fixture.requestKeep(ada, { toId: bob.id }, 'Bobby');
    await fixture.acceptKeep(bob, keepId, 'Ada L.');

    const asAda = await list({ partyId: ada.id }, { userId: ada.id, isAdmin: false });
    expect(asAda.totalElements).toBe(1);
    expect(asAda.items[0]).toMatchObject({
      requester: { id: ada.id },
      requested: { id: bob.id },
      nameByRequester: 'Bobby',
      nameByRequested: null,
    });
    const asBob = await list({ partyId: bob.id }, { userId: bob.id, isAdmin: false });
    expect(asBob.items[0]).toMatchObject({ nameByRequester: null, nameByRequested: 'Ada L.' });
  });

  it('refuses a user another user’s keeps, or all keeps; an administrator may list any', async () => {
    await fixture.requestKeep(ada, { toId: bob.id });
    const stranger = await fixture.activeUser();

    await expect(list({ partyId: ada.id }, { userId: stranger.id, isAdmin: false })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(list({}, { userId: stranger.id, isAdmin: false })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await list({}, { userId: stranger.id, isAdmin: true })).totalElements).toBe(1);
  });
});
