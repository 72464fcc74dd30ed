import { createHash } from 'node:crypto';

const DAY_MS = 24 * 60 * 60_000;

/** `2030-W01`: the ISO 8601 week of `at` in UTC (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const firstOfYear = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - firstOfYear) / (7 * DAY_MS));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * `count` distinct places among `total`, drawn from the hash of `seed`: the same seed draws the same
 * places, so an owner sees the same picks all week (while their assets stay as they are).
 */
export function seededPicks(seed: string, total: number, count: number): number[] {
  const bytes = createHash('sha256').update(seed).digest();
  const picks: number[] = [];
  for (let draw = 0; draw < Math.min(count, total); draw++) {
    // A place among those not picked yet, then counted past the picked ones before it.
    let place = bytes.readUInt32BE(draw * 4) % (total - draw);
    for (const taken of [...picks].sort((one, other) => one - other)) {
      if (place >= taken) {
        place += 1;
      }
    }
    picks.push(place);
  }
  return picks;
}
