import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PageRequest } from '@keepem/shared/service_layer';
import type { AssetRecord } from '../asset-record';
import type { AssetsOfTheWeek } from '../asset-views';
import { ASSETS_VIEW, type AssetSortField, type AssetsFilter, type AssetsView } from '../ports/assets.view.port';
import { GetAssetsOfTheWeek } from './get-assets-of-the-week.query';
import { isoWeekOf, seededPicks } from './weekly-picks';

/** How many assets a week brings. */
export const ASSETS_PER_WEEK = 2;

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
