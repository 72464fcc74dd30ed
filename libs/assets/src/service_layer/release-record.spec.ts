import { describe, expect, it } from '@jest/globals';
import { isDue, type ReleaseRecord, releaseSeenBy } from './release-record';

const NOW = new Date('2030-01-01T00:00:00Z');
const LATER = new Date('2030-02-01T00:00:00Z');
const EARLIER = new Date('2029-12-01T00:00:00Z');

const release = (overrides: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  id: 'r1',
  state: 'active',
  name: 'Photos',
  description: null,
  ownerId: 'owner',
  receivers: ['receiver'],
  assets: ['a1'],
  releaseType: 'time_capsule',
  bequestType: 'gift',
  conditions: [
    { kind: 'location', answer: 'lyon' },
    { kind: 'time', at: LATER },
  ],
  releasedBy: null,
  canceledBy: null,
  cancelReason: null,
  createdAt: EARLIER,
  modifiedAt: EARLIER,
  ...overrides,
});

describe('A release as each reader sees it', () => {
  it('shows the place to its owner only, and that one is needed to everyone', () => {
    expect(releaseSeenBy(release(), 'owner', NOW)).toMatchObject({ location: 'lyon', needsLocation: true, releaseTime: LATER, due: false });
    expect(releaseSeenBy(release(), 'receiver', NOW)).toMatchObject({ location: null, needsLocation: true, releaseTime: LATER });
    expect(releaseSeenBy(release(), 'admin', NOW)).toMatchObject({ location: null, needsLocation: true });
  });

  it('shows an "in a bottle" time to nobody before it passes, and to its parties after', () => {
    const bottle = release({ releaseType: 'in_a_bottle', conditions: [{ kind: 'time', at: LATER }] });
    for (const reader of ['owner', 'receiver', 'admin'] as const) {
      expect(releaseSeenBy(bottle, reader, NOW)).toMatchObject({ releaseTime: null, due: false, needsLocation: false });
      expect(releaseSeenBy(bottle, reader, LATER)).toMatchObject({ releaseTime: LATER, due: true });
    }
  });

  it('is due when live and its time has passed or it has none', () => {
    expect(isDue(release(), NOW)).toBe(false);
    expect(isDue(release(), LATER)).toBe(true);
    expect(isDue(release({ conditions: [{ kind: 'immediate' }] }), NOW)).toBe(true);
    expect(isDue(release({ conditions: [{ kind: 'location', answer: 'lyon' }] }), NOW)).toBe(true);
    expect(isDue(release({ state: 'removed', conditions: [{ kind: 'immediate' }] }), NOW)).toBe(false);
    expect(isDue(release({ state: 'inactive' }), LATER)).toBe(false);
  });
});
