import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { PageRequest } from '@keepem/shared/service_layer';
import type { AssetRecord } from '../asset-record';
import type { AssetsOfTheWeek } from '../asset-views';
import { ASSETS_VIEW, type AssetSortField, type AssetsFilter, type AssetsView } from '../ports/assets.view.port';
import { GetAssetsOfTheWeek } from './get-assets-of-the-week.query';

/** How many assets a week brings. */
export const ASSETS_PER_WEEK = 2;

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

@QueryHandler(GetAssetsOfTheWeek)
export class GetAssetsOfTheWeekHandler implements IQueryHandler<GetAssetsOfTheWeek> {
  constructor(@Inject(ASSETS_VIEW) private readonly assets: AssetsView) {}

  /**
   * Random, but stable for the ISO week: the draw is seeded with the owner's id and the week, and
   * picks places in the owner's active assets oldest first. Extra-private assets are left out: they
   * are not to come up unasked.
   */
  async execute({ ownerId, metadata }: GetAssetsOfTheWeek): Promise<AssetsOfTheWeek> {
    const filter: AssetsFilter = { ownerId, states: ['active'], fileTypes: [], tags: [], bookmarked: null, extraPrivate: false };
    const at = (number: number): PageRequest<AssetSortField> => ({ number, size: 1, sort: { field: 'createdAt', direction: 'asc' } });
    const week = isoWeekOf(metadata.at);
    const { totalElements } = await this.assets.page(filter, at(0));
    const picked: AssetRecord[] = [];
    for (const place of seededPicks(`${ownerId}:${week}`, totalElements, ASSETS_PER_WEEK)) {
      picked.push(...(await this.assets.page(filter, at(place))).items);
    }
    return { week, assets: picked };
  }
}
