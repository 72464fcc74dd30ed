import { describe, expect, it } from '@jest/globals';
import { isoWeekOf, seededPicks } from './weekly-picks';

describe('Weekly picks', () => {
  it.each([
    ['2030-01-01T00:00:00Z', '2030-W01'],
    ['2029-12-31T12:00:00Z', '2030-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2030-01-06T23:59:59Z', '2030-W01'],
    ['2030-01-07T00:00:00Z', '2030-W02'],
  ])('names the ISO week of %s %s', (at, week) => {
    expect(isoWeekOf(new Date(at))).toBe(week);
  });

  it('draws distinct places, the same for the same seed', () => {
    for (const total of [0, 1, 2, 3, 10]) {
      const picks = seededPicks('seed', total, 2);
      expect(picks).toHaveLength(Math.min(total, 2));
      expect(new Set(picks).size).toBe(picks.length);
      expect(picks.every((place) => place >= 0 && place < total)).toBe(true);
      expect(seededPicks('seed', total, 2)).toEqual(picks);
    }
  });
});
