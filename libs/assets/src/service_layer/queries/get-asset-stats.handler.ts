import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeclaredFile } from '../../domain/declared-file.value-object';
import type { AssetStats } from '../asset-views';
import { ASSETS_SETTINGS, type AssetsSettings } from '../ports/assets-settings.port';
import { ASSETS_VIEW, type AssetsView } from '../ports/assets.view.port';
import { GetAssetStats } from './get-asset-stats.query';

@QueryHandler(GetAssetStats)
export class GetAssetStatsHandler implements IQueryHandler<GetAssetStats> {
  constructor(
    @Inject(ASSETS_VIEW) private readonly assets: AssetsView,
    @Inject(ASSETS_SETTINGS) private readonly settings: AssetsSettings,
  ) {}

  /**
   * The counts and sizes are those of the active assets, the ones the owner's list shows; the room
   * used is what the quota counts when an asset is created, pending and hidden ones included.
   */
  async execute({ ownerId }: GetAssetStats): Promise<AssetStats> {
    const holdings = await this.assets.holdingsOf(ownerId);
    const byType = new Map<string, { type: string; count: number; sizeBytes: number }>();
    let usedBytes = 0;
    for (const holding of holdings) {
      usedBytes += holding.fileSizeBytes;
      if (holding.state !== 'active') {
        continue;
      }
      const type = DeclaredFile.majorTypeOf(holding.fileType);
      const entry = byType.get(type) ?? { type, count: 0, sizeBytes: 0 };
      entry.count += 1;
      entry.sizeBytes += holding.fileSizeBytes;
      byType.set(type, entry);
    }
    const types = [...byType.values()].sort((one, other) => other.sizeBytes - one.sizeBytes || (one.type < other.type ? -1 : 1));
    const quotaBytes = this.settings.storageQuotaBytes;
    return {
      byType: types,
      total: {
        count: types.reduce((sum, entry) => sum + entry.count, 0),
        sizeBytes: types.reduce((sum, entry) => sum + entry.sizeBytes, 0),
      },
      quotaBytes,
      usedBytes,
      freeBytes: Math.max(quotaBytes - usedBytes, 0),
    };
  }
}
