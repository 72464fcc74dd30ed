import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newUser, releasesFixture, type ReleasesFixture } from '../../../../../test/support/releases-handlers';
import { ASSET_RELEASE_CANCELED_V1 } from '../../contracts';
import { ReleaseNotActiveError, ReleaseNotFoundError } from '../../domain/asset-release.errors';
import type { OwnerId } from '../../domain/asset.aggregate';

describe('CancelRelease', () => {
  let fixture: ReleasesFixture;
  let ada: OwnerId;
  let bob: OwnerId;
  let assetIds: string[];
  let releaseId: string;

  beforeEach(async () => {
    fixture = await releasesFixture();
    [ada, bob] = [newUser(), newUser()];
    fixture.keepEachOther(ada, bob);
    assetIds = [await fixture.activeAsset(ada), await fixture.activeAsset(ada)];
    releaseId = await fixture.schedule(ada, { name: 'For Bob', assets: assetIds, receivers: [bob] });
  });
  afterEach(() => fixture.close());

  it.each([
    ['its owner', () => ada],
    ['a receiver', () => bob],
  ])('lets %s cancel it: its assets are visible again, owned as before, and assets.asset-release-canceled.v1 published', async (_, who) => {
    await fixture.cancel(who(), releaseId, 'Changed my mind');

    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'removed', canceledBy: who(), cancelReason: 'Changed my mind' });
    for (const assetId of assetIds) {
      expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active', owners: [ada] });
    }
    expect(await fixture.published(releaseId, ASSET_RELEASE_CANCELED_V1.type)).toEqual([
      {
        release_id: releaseId,
        owner_id: ada,
        receivers_id: [bob],
        assets_id: assetIds,
        name: 'For Bob',
        canceled_by: who(),
        reason: 'Changed my mind',
        canceled_at: fixture.clock.now().toISOString(),
      },
    ]);
  });

  it('answers anyone else and an unknown id as no such release (404), changing nothing', async () => {
    await expect(fixture.cancel(newUser(), releaseId)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(fixture.cancel(ada, crypto.randomUUID())).rejects.toBeInstanceOf(ReleaseNotFoundError);
    expect(await fixture.storedRelease(releaseId)).toMatchObject({ state: 'active', version: 1 });
    expect(await fixture.storedAsset(assetIds[0])).toMatchObject({ state: 'hidden' });
  });

  it('answers a second cancel as no longer scheduled (409), and lets the assets go into a new release', async () => {
    await fixture.cancel(ada, releaseId);

    await expect(fixture.cancel(bob, releaseId)).rejects.toBeInstanceOf(ReleaseNotActiveError);
    expect(await fixture.published(releaseId, ASSET_RELEASE_CANCELED_V1.type)).toHaveLength(1);
    await expect(fixture.schedule(ada, { name: 'For Bob', assets: assetIds, receivers: [bob] })).resolves.toEqual(expect.any(String));
  });
});
