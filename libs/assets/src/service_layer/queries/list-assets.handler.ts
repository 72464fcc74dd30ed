import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '@keepem/shared/domain';
import type { Page } from '@keepem/shared/service_layer';
import type { AssetRecord } from '../asset-record';
import { ASSETS_VIEW, type AssetsView } from '../ports/assets.view.port';
import { ListAssets } from './list-assets.query';

@QueryHandler(ListAssets)
export class ListAssetsHandler implements IQueryHandler<ListAssets> {
  constructor(@Inject(ASSETS_VIEW) private readonly assets: AssetsView) {}

  /** An owner lists their active assets only; every other list is an administrator's. */
  async execute({ filter, page, reader }: ListAssets): Promise<Page<AssetRecord>> {
    const ownList = filter.ownerId === reader.userId && filter.states.length === 1 && filter.states[0] === 'active';
    if (!reader.isAdmin && !ownList) {
      throw new ForbiddenError('Only administrators list assets other than their own active ones');
    }
    return this.assets.page(filter, page);
  }
}
