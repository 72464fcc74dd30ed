import { describe, expect } from '@jest/globals';
import { ConcurrencyConflictError } from '@keepem/shared/domain';
import type { Transaction } from '@keepem/shared/service_layer';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import type { AssetId, OwnerId } from '../domain/asset.aggregate';
import { AssetRelease, type ReleaseId } from '../domain/asset-release.aggregate';
import { ASSET_RELEASE_REPOSITORY } from '../service_layer/ports/asset-release.repository.port';
import { AssetsPersistenceRegistration } from './assets-persistence.registration';

const SUITE = 'Asset releases repository contract';
const DAY = 24 * 60 * 60_000;

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, tick, now, run } = contractOn(driver, (registry) => new AssetsPersistenceRegistration(registry));

  const newUser = () => crypto.randomUUID() as OwnerId;
  const newAsset = () => crypto.randomUUID() as AssetId;
  const days = (count: number) => new Date(now().getTime() + count * DAY);
  const releases = (tx: Transaction) => tx.repository(ASSET_RELEASE_REPOSITORY);
  const basics = (owner: OwnerId, receivers: OwnerId[] = [newUser()], assets: AssetId[] = [newAsset()]) => ({
    id: crypto.randomUUID() as ReleaseId,
    owner,
    name: 'For Rose',
    description: 'When the garden blooms',
    assets,
    receivers,
  });
  const save = async (release: AssetRelease) => {
    await run(async (tx) => releases(tx).save(release));
    return release;
  };
  const load = (id: string) => run((tx) => releases(tx).findById(id));
  const change = (id: string, work: (release: AssetRelease) => void) =>
    run(async (tx) => {
      const found = (await releases(tx).findById(id))!;
      work(found);
      releases(tx).save(found);
    });
  const ids = (found: AssetRelease[]) => found.map((release) => release.id).sort();

  contract('stores a release and restores every field and condition, through its notice and its release', async () => {
    const [ada, bob] = [newUser(), newUser()];
    const at = days(3);
    const release = await save(AssetRelease.timeCapsule({ ...basics(ada, [bob]), location: 'Sagrada Família', scheduledDate: at }, tick()));

    const stored = await load(release.id);
    expect(stored).toMatchObject({
      id: release.id,
      state: 'active',
      version: 1,
      name: 'For Rose',
      description: 'When the garden blooms',
      owner: ada,
      receivers: [bob],
      assets: release.assets,
      releaseType: 'time_capsule',
      bequestType: 'gift',
      releasedBy: null,
      canceledBy: null,
      cancelReason: null,
      timeCameNoticedAt: null,
    });
    expect(stored?.conditions).toEqual([
      { kind: 'location', answer: 'sagradafamília' },
      { kind: 'time', at },
    ]);
    expect(stored?.releaseTime).toBeInstanceOf(Date);
    expect(stored?.createdAt).toEqual(release.createdAt);

    const noticedAt = days(4);
    await change(release.id, (found) => found.noticeTimeCame(noticedAt));
    expect((await load(release.id))?.timeCameNoticedAt).toEqual(noticedAt);

    await change(release.id, (found) => found.trigger(bob, 'sagrada família', days(5)));
    expect(await load(release.id)).toMatchObject({ state: 'inactive', releasedBy: bob, version: 3 });
    expect(await load(crypto.randomUUID())).toBeNull();
  });

  contract('restores a cancelled release with who cancelled it and why, and one without conditions but at once', async () => {
    const [ada, bob] = [newUser(), newUser()];
    const transfer = await save(AssetRelease.transfer({ ...basics(ada, [bob]), scheduledDate: null, bequest: 'co_ownership' }, tick()));
    const bySystem = await save(AssetRelease.hideAndSeek({ ...basics(ada, [bob]), location: 'Lyon' }, tick()));

    await change(transfer.id, (found) => found.cancel(bob, 'Not now', tick()));
    await change(bySystem.id, (found) => found.cancelBySystem('bob is no longer a keep', tick()));

    expect(await load(transfer.id)).toMatchObject({
      state: 'removed',
      bequestType: 'co_ownership',
      conditions: [{ kind: 'immediate' }],
      canceledBy: bob,
      cancelReason: 'Not now',
    });
    expect(await load(bySystem.id)).toMatchObject({ state: 'removed', canceledBy: null, cancelReason: 'bob is no longer a keep' });
  });

  contract('finds an owner’s live releases only: not ended ones, not anyone else’s', async () => {
    const [ada, bob] = [newUser(), newUser()];
    const live = await save(AssetRelease.hideAndSeek({ ...basics(ada), location: 'Lyon' }, tick()));
    const ended = await save(AssetRelease.hideAndSeek({ ...basics(ada), location: 'Lyon' }, tick()));
    await change(ended.id, (found) => found.cancel(ada, null, tick()));
    await save(AssetRelease.hideAndSeek({ ...basics(bob, [ada]), location: 'Lyon' }, tick()));

    expect(ids(await run((tx) => releases(tx).findLiveOf(ada)))).toEqual([live.id]);
    expect(await run((tx) => releases(tx).findLiveOf(newUser()))).toEqual([]);
  });

  contract('finds the live releases a user holds as owner or receiver, each once', async () => {
    const [ada, bob, carl] = [newUser(), newUser(), newUser()];
    const owned = await save(AssetRelease.hideAndSeek({ ...basics(ada, [bob]), location: 'Lyon' }, tick()));
    const received = await save(AssetRelease.hideAndSeek({ ...basics(carl, [ada, bob]), location: 'Lyon' }, tick()));
    const toSelf = await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: days(2) }, tick()));
    const ended = await save(AssetRelease.hideAndSeek({ ...basics(carl, [ada]), location: 'Lyon' }, tick()));
    await change(ended.id, (found) => found.cancel(carl, null, tick()));

    expect(ids(await run((tx) => releases(tx).findLiveHolding(ada)))).toEqual(ids([owned, received, toSelf]));
    expect(ids(await run((tx) => releases(tx).findLiveHolding(bob)))).toEqual(ids([owned, received]));
    expect(await run((tx) => releases(tx).findLiveHolding(newUser()))).toEqual([]);
  });

  contract('finds the due releases not noticed yet, earliest first and at most `limit`, never one told, ended or timeless', async () => {
    const ada = newUser();
    const created = tick();
    const at = (count: number) => new Date(created.getTime() + count * DAY);
    const dueLater = await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: at(3) }, created));
    const dueFirst = await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: at(1) }, created));
    const dueSecond = await save(AssetRelease.transfer({ ...basics(ada), scheduledDate: at(2), bequest: 'gift' }, created));
    await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: at(30) }, created));
    await save(AssetRelease.transfer({ ...basics(ada), scheduledDate: null, bequest: 'gift' }, created));
    await save(AssetRelease.hideAndSeek({ ...basics(ada), location: 'Lyon' }, created));
    const told = await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: at(1) }, created));
    await change(told.id, (found) => found.noticeTimeCame(at(2)));
    const cancelled = await save(AssetRelease.toFutureSelf({ ...basics(ada), scheduledDate: at(1) }, created));
    await change(cancelled.id, (found) => found.cancel(ada, null, at(2)));

    const due = (limit: number) => run((tx) => releases(tx).findDueWithoutNotice(at(5), limit));
    expect((await due(10)).map((release) => release.id)).toEqual([dueFirst.id, dueSecond.id, dueLater.id]);
    expect((await due(2)).map((release) => release.id)).toEqual([dueFirst.id, dueSecond.id]);
    expect(await run((tx) => releases(tx).findDueWithoutNotice(at(0.5), 10))).toEqual([]);
  });

  contract('refuses a save made from a stale read as a concurrency conflict, keeping what was saved first', async () => {
    const [ada, bob] = [newUser(), newUser()];
    const release = await save(AssetRelease.transfer({ ...basics(ada, [bob]), scheduledDate: null, bequest: 'gift' }, tick()));
    const [first, second] = [(await load(release.id))!, (await load(release.id))!];

    first.trigger(bob, null, tick());
    await run(async (tx) => releases(tx).save(first));
    second.cancel(ada, null, tick());

    await expect(run(async (tx) => releases(tx).save(second))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await load(release.id)).toMatchObject({ state: 'inactive', version: 2 });
  });
});
