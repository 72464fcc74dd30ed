import { halLinks, type HalLinks, halResourceSchema, type ResponseSchema } from '@keepem/shared/http';
import { MEBIBYTE } from '../../domain/byte-sizes';
import type { AssetStats, AssetsOfTheWeek, TagCount } from '../../service_layer/asset-views';
import { ASSET_RESOURCE_SCHEMA, assetResource, type AssetResource } from './asset.resource';
import { MY_ASSETS_PATH } from './asset-locations';

export const MY_ASSET_STATS_PATH = `${MY_ASSETS_PATH}/stats`;
export const MY_ASSETS_OF_THE_WEEK_PATH = `${MY_ASSETS_PATH}/of-the-week`;
export const MY_TAG_CLOUD_PATH = `${MY_ASSETS_PATH}/tag-cloud`;

/** Mebibytes to two decimals, as people read sizes; the exact bytes are given beside them. */
const megabytes = (bytes: number): number => Math.round((bytes / MEBIBYTE) * 100) / 100;

const count = { type: 'integer', example: 12 } as const;
const bytes = { type: 'integer', example: 52_428_800 } as const;
const mb = { type: 'number', example: 50, description: 'MiB, to two decimals' } as const;
const SIZE_FIELDS: Record<string, ResponseSchema> = { count, size_bytes: bytes, size_mb: mb };
const SIZE_SCHEMA: ResponseSchema = { type: 'object', properties: SIZE_FIELDS, required: Object.keys(SIZE_FIELDS) };

/** Your active assets per major media type (`image`, `video`, …) and in all, and your room under STORAGE_QUOTA_MB. */
export const ASSET_STATS_SCHEMA: ResponseSchema = halResourceSchema(
  {
    by_type: {
      type: 'array',
      items: {
        type: 'object',
        properties: { type: { type: 'string', example: 'image' }, ...SIZE_FIELDS },
        required: ['type', ...Object.keys(SIZE_FIELDS)],
      },
      description: 'largest first',
    },
    total: SIZE_SCHEMA,
    quota_mb: { ...mb, example: 500 },
    used_mb: { ...mb, description: 'what the quota counts: every asset you hold, pending ones included; MiB, to two decimals' },
    free_mb: { ...mb, example: 450 },
    quota_bytes: bytes,
    used_bytes: bytes,
    free_bytes: bytes,
  },
  ['assets'],
);

export function assetStatsResource(stats: AssetStats) {
  return {
    by_type: stats.byType.map((entry) => ({
      type: entry.type,
      count: entry.count,
      size_bytes: entry.sizeBytes,
      size_mb: megabytes(entry.sizeBytes),
    })),
    total: { count: stats.total.count, size_bytes: stats.total.sizeBytes, size_mb: megabytes(stats.total.sizeBytes) },
    quota_mb: megabytes(stats.quotaBytes),
    used_mb: megabytes(stats.usedBytes),
    free_mb: megabytes(stats.freeBytes),
    quota_bytes: stats.quotaBytes,
    used_bytes: stats.usedBytes,
    free_bytes: stats.freeBytes,
    _links: halLinks(MY_ASSET_STATS_PATH, { assets: MY_ASSETS_PATH }),
  };
}

/** The tags you use most on your active assets: eight at most, the most used first. */
export const TAG_CLOUD_SCHEMA: ResponseSchema = halResourceSchema({
  tags: {
    type: 'array',
    items: {
      type: 'object',
      properties: { tag: { type: 'string', example: 'family' }, count: { type: 'integer', example: 7 } },
      required: ['tag', 'count'],
    },
  },
});

export function tagCloudResource(tags: TagCount[]): { tags: TagCount[]; _links: HalLinks } {
  return { tags, _links: halLinks(MY_TAG_CLOUD_PATH) };
}

/** Two of your active assets, the same all week (ISO weeks, in UTC). */
export const ASSETS_OF_THE_WEEK_SCHEMA: ResponseSchema = {
  type: 'object',
  properties: {
    week: { type: 'string', example: '2030-W01', description: 'the ISO 8601 week the picks are for' },
    _embedded: { type: 'object', properties: { assets: { type: 'array', items: ASSET_RESOURCE_SCHEMA } }, required: ['assets'] },
    _links: halResourceSchema({}).properties!._links,
  },
  required: ['week', '_embedded', '_links'],
};

export function assetsOfTheWeekResource(picks: AssetsOfTheWeek): {
  week: string;
  _embedded: { assets: AssetResource[] };
  _links: HalLinks;
} {
  return { week: picks.week, _embedded: { assets: picks.assets.map(assetResource) }, _links: halLinks(MY_ASSETS_OF_THE_WEEK_PATH) };
}
