import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { newUser, releasesFixture, type ReleasesFixture } from '../../../../../test/support/releases-handlers';
import { ASSET_OWNERSHIP_CHANGED_V1, ASSET_RELEASE_CANCELED_V1, ASSET_RELEASED_V1 } from '../../contracts';
import {
  ReleaseCanceledBySystemError,
  ReleaseConditionsNotMetError,
  ReleaseNotActiveError,
  ReleaseNotFoundError,
} from '../../domain/asset-release.errors';
import type { OwnerId } from '../../domain/asset.aggregate';
import type { KnownUser, UserDirectory } from '../ports/user-directory.port';
import { TriggerRelease } from './trigger-release.command';
import { TriggerReleaseHandler } from './trigger-release.handler';

const DAY = 24 * 60 * 60_000;

describe('TriggerRelease', () => {
  let fixture: ReleasesFixture;
  let ada: OwnerId;
  let bob: OwnerId;
  let carl: OwnerId;
  let assetId: string;
  const inDays = (count: number) => new Date(fixture.clock.now().getTime() + count * DAY);

  beforeEach(async () => {
    fixture = await releasesFixture();
    [ada, bob, carl] = [newUser(), newUser(), newUser()];
    fixture.keepEachOther(ada, bob);
    fixture.keepEachOther(ada, carl);
    assetId = await fixture.activeAsset(ada);
  });
  afterEach(() => fixture.close());

  it('gives a gift to its receivers in place of the owner, visible again and unbookmarked, publishing what happened', async () => {
    await fixture.updateAsset(ada, assetId, { bookmarked: true });
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob, carl] });

    await fixture.trigger(bob, releaseId);

    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'inactive', releasedBy: bob });
    const asset = await fixture.storedAsset(assetId);
    expect(asset).toMatchObject({ state: 'active', owners: [bob, carl] });
    expect(asset?.details.toProps().bookmarked).toBe(false);
    const at = fixture.clock.now().toISOString();
    expect(await fixture.published(releaseId, ASSET_RELEASED_V1.type)).toEqual([
      {
        release_id: releaseId,
        owner_id: ada,
        receivers_id: [bob, carl],
        assets_id: [assetId],
        name: 'For later',
        released_by: bob,
        bequest_type: 'gift',
        released_at: at,
      },
    ]);
    expect(await fixture.published(assetId, ASSET_OWNERSHIP_CHANGED_V1.type)).toEqual([
      { asset_id: assetId, previous_owners_id: [ada], owners_id: [bob, carl], release_id: releaseId, changed_at: at },
    ]);
    expect(await fixture.heldBy(ada)).toEqual([]);
  });

  it('shares a co-ownership transfer, and hands a release to oneself back unchanged once its time came', async () => {
    const shared = await fixture.schedule(ada, { assets: [assetId], receivers: [bob], bequest: 'co_ownership' });
    await fixture.trigger(bob, shared);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active', owners: [ada, bob] });

    const later = await fixture.activeAsset(ada);
    const toSelf = await fixture.schedule(ada, { releaseType: 'to_future_self', assets: [later], scheduledDate: inDays(2) });
    await expect(fixture.trigger(ada, toSelf)).rejects.toBeInstanceOf(ReleaseConditionsNotMetError);
    fixture.clock.advance(2 * DAY);
    await fixture.trigger(ada, toSelf);
    expect(await fixture.storedAsset(later)).toMatchObject({ state: 'active', owners: [ada] });
    expect(await fixture.published(later, ASSET_OWNERSHIP_CHANGED_V1.type)).toEqual([]);
  });

  it('names the conditions not met (409), and releases once the place is named as stored, whatever its case and spaces', async () => {
    const releaseId = await fixture.schedule(ada, {
      releaseType: 'time_capsule',
      assets: [assetId],
      receivers: [bob],
      location: 'Sagrada Família',
      scheduledDate: inDays(3),
    });

    const early = fixture.trigger(bob, releaseId, 'Lyon');
    await expect(early).rejects.toBeInstanceOf(ReleaseConditionsNotMetError);
    await expect(early).rejects.toMatchObject({ failed: ['time'] });
    fixture.clock.advance(3 * DAY);
    await expect(fixture.trigger(bob, releaseId, 'Lyon')).rejects.toMatchObject({ failed: ['location'] });
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'hidden', owners: [ada] });

    await fixture.trigger(bob, releaseId, ' sagrada  FAMÍLIA ');
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active', owners: [bob] });
  });

  it('answers the owner of a gift, a stranger and an unknown id as no such release (404), changing nothing', async () => {
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob] });

    await expect(fixture.trigger(ada, releaseId)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(fixture.trigger(newUser(), releaseId)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(fixture.trigger(bob, crypto.randomUUID())).rejects.toBeInstanceOf(ReleaseNotFoundError);
    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'active', version: 1 });
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'hidden' });
  });

  it('cancels the release instead when a receiver is no longer a keep of the owner: committed, assets back, then 409 saying so', async () => {
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob, carl] });
    fixture.keeps.unkeep(ada, carl);

    const refusal = fixture.trigger(bob, releaseId);

    await expect(refusal).rejects.toBeInstanceOf(ReleaseCanceledBySystemError);
    await expect(refusal).rejects.toThrow(`${carl} is no longer a keep of the owner`);
    expect(await fixture.storedRelease(releaseId)).toMatchObject({
      state: 'removed',
      canceledBy: null,
      cancelReason: `${carl} is no longer a keep of the owner`,
    });
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active', owners: [ada] });
    expect(await fixture.published(releaseId, ASSET_RELEASE_CANCELED_V1.type)).toMatchObject([{ canceled_by: null }]);
    await expect(fixture.trigger(bob, releaseId)).rejects.toBeInstanceOf(ReleaseNotActiveError);
  });

  it('names the lost receiver by their username when the assets context knows them, in the reason and the refusal', async () => {
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob, carl] });
    fixture.keeps.unkeep(ada, carl);
    const known: KnownUser = { userId: carl, username: 'carl_k', publicName: null, email: null, state: 'active' };
    const users: UserDirectory = {
      find: (userId) => Promise.resolve(userId === carl ? known : null),
      findMany: (userIds) => Promise.resolve(userIds.includes(carl) ? [known] : []),
    };

    const refusal = new TriggerReleaseHandler(fixture.unitOfWork, fixture.keeps, users).execute(
      new TriggerRelease({ releaseId, userId: bob, place: null, metadata: fixture.metadata(bob) }),
    );

    await expect(refusal).rejects.toThrow('carl_k is no longer a keep of the owner');
    expect(await fixture.storedRelease(releaseId)).toMatchObject({
      state: 'removed',
      cancelReason: 'carl_k is no longer a keep of the owner',
    });
    expect(await fixture.published(releaseId, ASSET_RELEASE_CANCELED_V1.type)).toMatchObject([
      { canceled_by: null, reason: 'carl_k is no longer a keep of the owner' },
    ]);
  });

  it('does not cancel on a trigger that is refused anyway: a stranger cannot end someone’s release', async () => {
    const releaseId = await fixture.schedule(ada, { releaseType: 'hide_and_seek', location: 'Lyon', assets: [assetId], receivers: [bob] });
    fixture.keeps.unkeep(ada, bob);

    await expect(fixture.trigger(newUser(), releaseId)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(fixture.trigger(bob, releaseId, 'Paris')).rejects.toBeInstanceOf(ReleaseConditionsNotMetError);
    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'active' });
  });

  itRacing('of a double trigger, releases once: one AssetReleased, the other is told it is no longer scheduled (409)', async () => {
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob, carl] });
    fixture.pauseReleasesAfter('findById').wait = barrier(2);

    const outcomes = await Promise.allSettled([fixture.trigger(bob, releaseId), fixture.trigger(carl, releaseId)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(ReleaseNotActiveError) });
    expect(await fixture.published(releaseId, ASSET_RELEASED_V1.type)).toHaveLength(1);
    expect(await fixture.published(assetId, ASSET_OWNERSHIP_CHANGED_V1.type)).toHaveLength(1);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active', owners: [bob, carl] });
  });

  itRacing('of a trigger racing a cancel, one outcome wins and the assets agree with it', async () => {
    const releaseId = await fixture.schedule(ada, { assets: [assetId], receivers: [bob] });
    fixture.pauseReleasesAfter('findById').wait = barrier(2);

    const [triggered, canceled] = await Promise.allSettled([fixture.trigger(bob, releaseId), fixture.cancel(ada, releaseId)]);

    expect([triggered.status, canceled.status].sort()).toEqual(['fulfilled', 'rejected']);
    const release = await fixture.storedRelease(releaseId);
    const asset = await fixture.storedAsset(assetId);
    if (triggered.status === 'fulfilled') {
      expect(release).toMatchObject({ state: 'inactive' });
      expect(asset).toMatchObject({ state: 'active', owners: [bob] });
    } else {
      expect(release).toMatchObject({ state: 'removed', canceledBy: ada });
      expect(asset).toMatchObject({ state: 'active', owners: [ada] });
    }
    expect(outcomes(triggered, canceled)).toMatchObject({ reason: expect.any(ReleaseNotActiveError) });
  });
});

function outcomes(...settled: PromiseSettledResult<unknown>[]): PromiseRejectedResult | undefined {
  return settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
}
