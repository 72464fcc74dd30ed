import { describe, expect } from '@jest/globals';
import { type PageRequest } from '@keepem/shared/service_layer';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { EmailAddress } from '../domain/email-address.value-object';
import { Keep, KeepId } from '../domain/keep.aggregate';
import { KeepAlreadyExistsError } from '../domain/keep.errors';
import { ReferralCode } from '../domain/referral-code.value-object';
import { User, UserId } from '../domain/user.aggregate';
import { Username } from '../domain/username.value-object';
import { KEEP_REPOSITORY } from '../service_layer/ports/keep.repository.port';
import type { KeepSortField, KeepsFilter } from '../service_layer/ports/keeps.view.port';
import { USER_REPOSITORY } from '../service_layer/ports/user.repository.port';
import { DocumentKeepDirectory } from './document-keep.directory';
import { DocumentKeepsView } from './document-keeps.view';
import { DocumentUserPublicProfilesView } from './document-user-public-profiles.view';
import { UsersPersistenceRegistration } from './users-persistence.registration';

const SUITE = 'Keeps repository and views contract';

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, persistence, tick, run } = contractOn(driver, (registry) => new UsersPersistenceRegistration(registry));
  let counter = 0;

  async function user(publicName: string | null = null): Promise<User> {
    counter += 1;
    const created = User.register(
      {
        id: crypto.randomUUID() as UserId,
        username: Username.parse(`keeper_${counter}`),
        email: EmailAddress.parse(`keeper.${counter}@example.com`),
        publicName,
        passwordHash: 'hash',
        referralCode: ReferralCode.generate(),
        referredBy: null,
      },
      tick(),
    );
    created.activate(tick());
    await run(async (tx) => tx.repository(USER_REPOSITORY).save(created));
    return created;
  }

  async function keep(requester: User, requested: User, change?: (keep: Keep) => void): Promise<Keep> {
    const created = Keep.request(
      { id: crypto.randomUUID() as KeepId, requester: requester.id, requested: requested.id, nameByRequester: 'them' },
      tick(),
    );
    change?.(created);
    await run(async (tx) => tx.repository(KEEP_REPOSITORY).save(created));
    return created;
  }
  const accepted = (by: User) => (keep: Keep) => keep.accept(by.id, 'you', tick());
  const declined = (by: User) => (keep: Keep) => keep.decline(by.id, 'no', tick());

  const load = (id: string) => run((tx) => tx.repository(KEEP_REPOSITORY).findById(id));

  contract('stores a keep and restores every field, through accept and decline', async () => {
    const [ada, bob] = [await user(), await user()];
    const stored = await keep(ada, bob);

    const pending = await load(stored.id);
    expect(pending).toMatchObject({
      requester: ada.id,
      requested: bob.id,
      nameByRequester: 'them',
      nameByRequested: null,
      state: 'pending',
    });
    expect(pending?.version).toBe(1);

    await run(async (tx) => {
      const keeps = tx.repository(KEEP_REPOSITORY);
      const found = (await keeps.findById(stored.id))!;
      found.accept(bob.id, 'you', tick());
      keeps.save(found);
    });
    await run(async (tx) => {
      const keeps = tx.repository(KEEP_REPOSITORY);
      const found = (await keeps.findById(stored.id))!;
      found.decline(ada.id, 'moving on', tick());
      keeps.save(found);
    });

    const removed = await load(stored.id);
    expect(removed).toMatchObject({
      state: 'removed',
      nameByRequested: 'you',
      declinedBy: ada.id,
      declinedReason: 'moving on',
      livePair: null,
    });
    expect(removed?.version).toBe(3);
    expect(removed?.createdAt).toEqual(pending?.createdAt);
  });

  contract('finds the live keep of a pair whichever way it is asked, and none once declined', async () => {
    const [ada, bob, cy] = [await user(), await user(), await user()];
    const live = await keep(ada, bob);
    await keep(ada, cy, declined(cy));

    const between = (one: User, other: User) => run((tx) => tx.repository(KEEP_REPOSITORY).findLiveBetween(one.id, other.id));
    expect((await between(ada, bob))?.id).toBe(live.id);
    expect((await between(bob, ada))?.id).toBe(live.id);
    expect(await between(ada, cy)).toBeNull();
    expect(await between(bob, cy)).toBeNull();
  });

  contract('finds every live keep of a user on either side, never a declined one nor anyone else’s', async () => {
    const [ada, bob, cy, dee] = [await user(), await user(), await user(), await user()];
    const asked = await keep(ada, bob);
    const askedMe = await keep(cy, ada, accepted(ada));
    await keep(dee, ada, declined(ada));
    await keep(bob, cy);

    const live = await run((tx) => tx.repository(KEEP_REPOSITORY).findLiveOf(ada.id));
    expect(live.map((found) => found.id).sort()).toEqual([asked.id, askedMe.id].sort());
  });

  contract('holds one live keep per pair: a second one, in either direction, is refused as an existing keep', async () => {
    const [ada, bob] = [await user(), await user()];
    await keep(ada, bob);

    // A unit of work that did not look first, as one racing the first commit would not have seen it.
    await expect(keep(bob, ada)).rejects.toBeInstanceOf(KeepAlreadyExistsError);
    await expect(keep(ada, bob)).rejects.toBeInstanceOf(KeepAlreadyExistsError);
  });

  contract('lets a pair have a new live keep beside any number of declined ones', async () => {
    const [ada, bob] = [await user(), await user()];
    await keep(ada, bob, declined(bob));
    await keep(bob, ada, declined(ada));
    const again = await keep(ada, bob);

    expect((await run((tx) => tx.repository(KEEP_REPOSITORY).findLiveBetween(ada.id, bob.id)))?.id).toBe(again.id);
  });

  contract('lists a user’s keeps by side and state, sorted and paged, and counts what waits for them', async () => {
    const [ada, bob, cy, dee] = [await user(), await user(), await user(), await user()];
    const first = await keep(ada, bob);
    const second = await keep(cy, ada, accepted(ada));
    const third = await keep(dee, ada);
    const fourth = await keep(ada, cy, declined(cy));
    await keep(bob, cy);
    const view = new DocumentKeepsView(persistence().reader);
    const newestFirst: PageRequest<KeepSortField> = { number: 0, size: 10, sort: { field: 'createdAt', direction: 'desc' } };
    const ids = async (filter: KeepsFilter, page = newestFirst) => {
      const found = await view.page(filter, page);
      return { ids: found.items.map((item) => item.id), total: found.totalElements };
    };

    expect(await ids({ partyId: ada.id, side: null, state: null })).toEqual({ ids: [fourth.id, third.id, second.id, first.id], total: 4 });
    expect(await ids({ partyId: ada.id, side: 'requested', state: null })).toEqual({ ids: [third.id, second.id], total: 2 });
    expect(await ids({ partyId: ada.id, side: 'requester', state: 'removed' })).toEqual({ ids: [fourth.id], total: 1 });
    expect(await ids({ partyId: ada.id, side: null, state: 'pending' })).toEqual({ ids: [third.id, first.id], total: 2 });
    expect(
      await ids({ partyId: ada.id, side: null, state: null }, { number: 1, size: 3, sort: { field: 'createdAt', direction: 'asc' } }),
    ).toEqual({
      ids: [fourth.id],
      total: 4,
    });
    expect((await ids({ partyId: null, side: null, state: null })).total).toBe(5);
    expect(await ids({ partyId: null, side: null, state: 'active' })).toEqual({ ids: [second.id], total: 1 });

    expect(await view.countPendingFor(ada.id)).toBe(1);
    expect(await view.countPendingFor(cy.id)).toBe(1);
    expect(await view.countPendingFor(dee.id)).toBe(0);
  });

  contract('reads one keep as stored, and nothing for an unknown id', async () => {
    const [ada, bob] = [await user(), await user()];
    const stored = await keep(ada, bob, accepted(bob));
    const view = new DocumentKeepsView(persistence().reader);

    expect(await view.findById(stored.id)).toEqual({
      id: stored.id,
      requesterId: ada.id,
      requestedId: bob.id,
      nameByRequester: 'them',
      nameByRequested: 'you',
      state: 'active',
      declinedBy: null,
      declinedReason: null,
      createdAt: stored.createdAt,
      modifiedAt: stored.modifiedAt,
    });
    expect(await view.findById(crypto.randomUUID())).toBeNull();
  });

  contract('reads many users’ public profiles in one go: public fields only, unknown ids left out', async () => {
    const [ada, bob] = [await user('Ada'), await user()];
    const profiles = await new DocumentUserPublicProfilesView(persistence().reader).findByIds([
      ada.id,
      bob.id,
      ada.id,
      crypto.randomUUID(),
    ]);

    expect([...profiles.keys()].sort()).toEqual([ada.id, bob.id].sort());
    expect(profiles.get(ada.id)).toEqual({
      id: ada.id,
      username: ada.username.value,
      publicName: 'Ada',
      referralCode: ada.referralCode.value,
    });
    expect(profiles.get(bob.id)).toEqual({
      id: bob.id,
      username: bob.username.value,
      publicName: null,
      referralCode: bob.referralCode.value,
    });
    expect(await new DocumentUserPublicProfilesView(persistence().reader).findByIds([])).toEqual(new Map());
  });

  contract('answers which users are active keeps of one, in one read, whichever side asked, in the order given', async () => {
    const [ada, bob, cy, dee, eve, fay] = [await user(), await user(), await user(), await user(), await user(), await user()];
    await keep(ada, bob, accepted(bob));
    await keep(cy, ada, accepted(ada));
    await keep(ada, dee);
    await keep(eve, ada, declined(ada));
    await keep(bob, fay, accepted(fay));
    const directory = new DocumentKeepDirectory(persistence().reader);
    const unknown = crypto.randomUUID();

    expect(await directory.activeKeepsOf(ada.id, [cy.id, dee.id, eve.id, fay.id, unknown, ada.id, bob.id])).toEqual([cy.id, bob.id]);
    expect(await directory.activeKeepsOf(bob.id, [ada.id, fay.id, cy.id])).toEqual([ada.id, fay.id]);
    expect(await directory.activeKeepsOf(dee.id, [ada.id])).toEqual([]);
    expect(await directory.activeKeepsOf(ada.id, [])).toEqual([]);
  });

  contract('no longer answers a keep once it is declined', async () => {
    const [ada, bob] = [await user(), await user()];
    const stored = await keep(ada, bob, accepted(bob));
    const directory = new DocumentKeepDirectory(persistence().reader);
    expect(await directory.activeKeepsOf(bob.id, [ada.id])).toEqual([ada.id]);

    await run(async (tx) => {
      const keeps = tx.repository(KEEP_REPOSITORY);
      const found = (await keeps.findById(stored.id))!;
      found.decline(bob.id, 'moving on', tick());
      keeps.save(found);
    });

    expect(await directory.activeKeepsOf(bob.id, [ada.id])).toEqual([]);
    expect(await directory.activeKeepsOf(ada.id, [bob.id])).toEqual([]);
  });
});
