import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import { newUser, releasesFixture, type ReleasesFixture } from '../../../../../test/support/releases-handlers';
import { RELEASE_TIME_CAME_V1 } from '../../contracts/release-time-came.v1';
import type { OwnerId } from '../../domain/asset.aggregate';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { NoticeDueReleases } from './notice-due-releases.command';
import { NoticeDueReleasesHandler } from './notice-due-releases.handler';

const DAY_MS = 24 * 60 * 60_000;

describe('NoticeDueReleasesHandler', () => {
  let fixture: ReleasesFixture;
  let owner: OwnerId;
  let receiver: OwnerId;

  beforeEach(async () => {
    fixture = await releasesFixture();
    owner = newUser();
    receiver = newUser();
    fixture.keepEachOther(owner, receiver);
  });
  afterEach(() => fixture.close());

  const run = () => new NoticeDueReleasesHandler(fixture.unitOfWork).execute(new NoticeDueReleases({ metadata: fixture.metadata() }));
  const inDays = (days: number) => new Date(fixture.clock.now().getTime() + days * DAY_MS);
  const transferIn = async (days: number) =>
    fixture.schedule(owner, { assets: [await fixture.activeAsset(owner)], receivers: [receiver], scheduledDate: inDays(days) });
  const timeCame = (releaseId: string) => fixture.published(releaseId, RELEASE_TIME_CAME_V1.type);

  it('notes once that a release’s time came, once it has passed, for its receivers to be told', async () => {
    const releaseId = await transferIn(2);

    fixture.clock.advance(DAY_MS);
    expect(await run()).toBe(0);
    expect(await timeCame(releaseId)).toEqual([]);

    fixture.clock.advance(DAY_MS);
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);

    expect((await fixture.storedRelease(releaseId))?.timeCameNoticedAt).toEqual(fixture.clock.now());
    expect(await timeCame(releaseId)).toEqual([
      expect.objectContaining({
        release_id: releaseId,
        owner_id: owner,
        receivers_id: [receiver],
        came_at: fixture.clock.now().toISOString(),
      }),
    ]);
  });

  it('notices every due release, whatever their number, and leaves the others', async () => {
    const due = await Promise.all([transferIn(1), transferIn(2), transferIn(3)]);
    const later = await transferIn(30);
    const atOnce = await fixture.schedule(owner, { assets: [await fixture.activeAsset(owner)], receivers: [receiver] });
    fixture.clock.advance(5 * DAY_MS);

    expect(await run()).toBe(3);

    for (const releaseId of due) {
      expect(await timeCame(releaseId)).toHaveLength(1);
    }
    expect(await timeCame(later)).toEqual([]);
    expect(await timeCame(atOnce)).toEqual([]);
  });

  it('tells nobody of a release that ended before its time came', async () => {
    const releaseId = await transferIn(1);
    await fixture.load(async (tx) => {
      const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
      const release = (await releases.findById(releaseId))!;
      release.cancel(owner, null, fixture.clock.now());
      releases.save(release);
    });
    fixture.clock.advance(2 * DAY_MS);

    expect(await run()).toBe(0);
    expect(await timeCame(releaseId)).toEqual([]);
  });

  it('records the time once when two runs (the API’s and the worker’s) notice the same release at once', async () => {
    const releaseId = await transferIn(1);
    fixture.clock.advance(2 * DAY_MS);
    fixture.pauseReleasesAfter('findById').wait = barrier(2);

    const noticed = await Promise.all([run(), run()]);

    expect(noticed.sort()).toEqual([0, 1]);
    expect(await timeCame(releaseId)).toHaveLength(1);
  });
});
