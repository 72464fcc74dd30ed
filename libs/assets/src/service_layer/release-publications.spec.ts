import { describe, expect, it } from '@jest/globals';
import type { AssetId, OwnerId } from '../domain/asset.aggregate';
import { AssetRelease, type ReleaseId } from '../domain/asset-release.aggregate';
import { RELEASE_TIME_CAME_V1 } from '../contracts';
import { ASSETS_PUBLICATIONS } from './assets.publications';

const now = new Date('2030-01-01T00:00:00Z');
const later = new Date('2030-03-01T00:00:00Z');

/** The integration events a release's recorded events are published as. */
function publishedOf(release: AssetRelease) {
  return release.pendingEvents.map((event) => {
    const publication = ASSETS_PUBLICATIONS.find((candidate) => event instanceof candidate.eventClass);
    return publication!.toIntegrationEvent(event);
  });
}

describe('Release publications', () => {
  const [ada, bob] = [crypto.randomUUID() as OwnerId, crypto.randomUUID() as OwnerId];
  const basics = {
    id: crypto.randomUUID() as ReleaseId,
    owner: ada,
    name: 'For Bob',
    description: null,
    assets: [crypto.randomUUID() as AssetId],
    receivers: [bob],
  };

  it('publishes assets.release-time-came.v1 once, with its receivers and when', () => {
    const release = AssetRelease.inABottle({ ...basics, minDate: null, maxDate: null }, now, () => 0);
    release.markCommitted();
    release.noticeTimeCame(later);
    release.noticeTimeCame(later);

    expect(publishedOf(release)).toEqual([
      {
        source: 'assets',
        type: RELEASE_TIME_CAME_V1.type,
        payload: { release_id: basics.id, owner_id: ada, receivers_id: [bob], name: 'For Bob', came_at: later.toISOString() },
      },
    ]);
  });

  it('never tells the place to name nor the "in a bottle" time in any release contract', () => {
    const bottle = AssetRelease.inABottle({ ...basics, minDate: null, maxDate: null }, now, () => 0.5);
    const place = AssetRelease.timeCapsule({ ...basics, location: 'Sagrada Família', scheduledDate: later }, now);
    const published = JSON.stringify([...publishedOf(bottle), ...publishedOf(place)]);

    expect(published.toLowerCase()).not.toContain('sagrada');
    expect(published).not.toContain(bottle.releaseTime!.toISOString());
    expect(published).not.toContain(later.toISOString());
  });
});
