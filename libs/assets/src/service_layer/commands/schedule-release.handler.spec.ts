import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { newUser, releasesFixture, type ReleasesFixture } from '../../../../../test/support/releases-handlers';
import { ASSET_RELEASE_SCHEDULED_V1 } from '../../contracts';
import { DuplicateReleaseError, InvalidReleaseError, ReceiverNotAKeepError } from '../../domain/asset-release.errors';
import type { OwnerId } from '../../domain/asset.aggregate';
import { AssetNotFoundError } from '../../domain/asset.errors';

const DAY = 24 * 60 * 60_000;

describe('ScheduleRelease', () => {
  let fixture: ReleasesFixture;
  let ada: OwnerId;
  let bob: OwnerId;
  let assetId: string;
  const inDays = (count: number) => new Date(fixture.clock.now().getTime() + count * DAY);

  beforeEach(async () => {
    fixture = await releasesFixture();
    [ada, bob] = [newUser(), newUser()];
    fixture.keepEachOther(ada, bob);
    assetId = await fixture.activeAsset(ada);
  });
  afterEach(() => fixture.close());

  it('saves the release, hides its assets and publishes assets.asset-release-scheduled.v1 without its conditions', async () => {
    const releaseId = await fixture.schedule(ada, {
      releaseType: 'time_capsule',
      name: 'For Bob',
      assets: [assetId],
      receivers: [bob],
      location: 'Sagrada Família',
      scheduledDate: inDays(10),
    });

    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'active', owner: ada, receivers: [bob], assets: [assetId] });
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'hidden', owners: [ada] });
    expect(await fixture.heldBy(ada)).toEqual([assetId]);
    const published = await fixture.published(releaseId, ASSET_RELEASE_SCHEDULED_V1.type);
    expect(published).toEqual([
      {
        release_id: releaseId,
        owner_id: ada,
        receivers_id: [bob],
        assets_id: [assetId],
        name: 'For Bob',
        release_type: 'time_capsule',
        bequest_type: 'gift',
        scheduled_at: fixture.clock.now().toISOString(),
      },
    ]);
    expect(JSON.stringify(await fixture.outboxOf(releaseId)).toLowerCase()).not.toContain('sagrada');
  });

  it('draws the "in a bottle" time once, from the injected random, between the defaults (a month, a year)', async () => {
    fixture.random.next = 0.25;

    const releaseId = await fixture.schedule(ada, { releaseType: 'in_a_bottle', assets: [assetId], receivers: [bob] });

    const [min, max] = [inDays(30).getTime(), inDays(365).getTime()];
    expect((await fixture.storedRelease(releaseId))?.releaseTime).toEqual(new Date(min + Math.floor(0.25 * (max - min))));
    expect(JSON.stringify(await fixture.outboxOf(releaseId))).not.toContain(new Date(min + Math.floor(0.25 * (max - min))).toISOString());
  });

  it('schedules a release to oneself without asking the keep directory', async () => {
    const releaseId = await fixture.schedule(ada, { releaseType: 'to_future_self', assets: [assetId], scheduledDate: inDays(1) });

    expect(await fixture.storedRelease(releaseId)).toMatchObject({ receivers: [ada], bequestType: 'self' });
    expect(fixture.keeps.asked).toBe(0);
  });

  it.each([
    ['someone else’s', async () => fixture.activeAsset(newUser())],
    ['a pending', async () => fixture.createAsset(ada)],
    ['an unknown', async () => crypto.randomUUID()],
    [
      'a hidden (already released)',
      async () => {
        const hidden = await fixture.activeAsset(ada);
        await fixture.alter(hidden, 'hidden');
        return hidden;
      },
    ],
  ])('answers %s asset as no such asset (404), hiding nothing', async (_, anAsset) => {
    const other = await anAsset();

    await expect(fixture.schedule(ada, { assets: [assetId, other], receivers: [bob] })).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active' });
  });

  it('refuses a receiver who is not an active keep of the owner (422, naming them), hiding nothing', async () => {
    const stranger = newUser();

    const refusal = fixture.schedule(ada, { assets: [assetId], receivers: [bob, stranger] });

    await expect(refusal).rejects.toBeInstanceOf(ReceiverNotAKeepError);
    await expect(refusal).rejects.toThrow(stranger);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active' });
  });

  it.each([
    ['a date in the past', { releaseType: 'to_future_self' as const, scheduledDate: new Date('2020-01-01') }],
    ['min after max', { releaseType: 'in_a_bottle' as const, minDate: new Date('2031-01-01'), maxDate: new Date('2030-06-01') }],
    ['no receivers', { releaseType: 'hide_and_seek' as const, location: 'Lyon', receivers: [] }],
    ['no date for a time capsule', { releaseType: 'time_capsule' as const, location: 'Lyon' }],
  ])('refuses %s as invalid (400), hiding nothing', async (_, fields) => {
    await expect(fixture.schedule(ada, { receivers: [bob], ...fields, assets: [assetId] })).rejects.toBeInstanceOf(InvalidReleaseError);
    await expect(fixture.schedule(ada, { receivers: [bob], assets: [] })).rejects.toBeInstanceOf(InvalidReleaseError);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active' });
  });

  it('refuses a second live release of the owner with the same name sharing an asset (409)', async () => {
    const [other, third] = [await fixture.activeAsset(ada), await fixture.activeAsset(ada)];
    const first = await fixture.schedule(ada, { name: 'For Bob', assets: [assetId, other], receivers: [bob] });
    // The shared asset is hidden now: a live release holding it is what the clash guards against.
    await fixture.alter(other, 'active');

    await expect(fixture.schedule(ada, { name: ' For Bob ', assets: [other, third], receivers: [bob] })).rejects.toBeInstanceOf(
      DuplicateReleaseError,
    );
    expect(await fixture.storedAsset(third)).toMatchObject({ state: 'active' });

    await fixture.schedule(ada, { name: 'For Bob', assets: [third], receivers: [bob] });
    await fixture.schedule(ada, { name: 'For Bob, again', assets: [other], receivers: [bob] });
    expect(await fixture.storedRelease(first)).toMatchObject({ state: 'active' });
  });

  itRacing('of two releases scheduled at once with the same asset, one wins and the other finds no such asset', async () => {
    fixture.pauseAssetsAfter('findById').wait = barrier(2);

    const outcomes = await Promise.allSettled([
      fixture.schedule(ada, { name: 'One', assets: [assetId], receivers: [bob] }),
      fixture.schedule(ada, { name: 'Two', assets: [assetId], receivers: [bob] }),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(AssetNotFoundError) });
    const winner = outcomes.find((outcome) => outcome.status === 'fulfilled')!;
    expect(await fixture.storedRelease(winner.value)).toMatchObject({ state: 'active', assets: [assetId] });
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'hidden', version: 3 });
  });
});
