import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { TagCount } from '../asset-views';
import { ASSETS_VIEW, type AssetsView } from '../ports/assets.view.port';
import { GetTagCloud } from './get-tag-cloud.query';

/** How many tags a cloud shows. */
export const TAG_CLOUD_SIZE = 8;

@QueryHandler(GetTagCloud)
export class GetTagCloudHandler implements IQueryHandler<GetTagCloud> {
  constructor(@Inject(ASSETS_VIEW) private readonly assets: AssetsView) {}

  /** The most used first; tags used as often come in alphabetical order, so the cloud is the same at every reading. */
  async execute({ ownerId }: GetTagCloud): Promise<TagCount[]> {
    const counts = new Map<string, number>();
    for (const holding of await this.assets.holdingsOf(ownerId)) {
      if (holding.state === 'active') {
        for (const tag of holding.tags) {
          counts.set(tag, (counts.get(tag) ?? 0) + 1);
        }
      }
    }
    return [...counts.entries()]
      .map(([tag, count]) => ({ tag, count }))
      .sort((one, other) => other.count - one.count || (one.tag < other.tag ? -1 : one.tag > other.tag ? 1 : 0))
      .slice(0, TAG_CLOUD_SIZE);
  }
}
