import type { AssetRecord } from './asset-record';

/** An owner's stats: what their active assets take, per major media type and in all, and their room under the quota. */
export interface AssetStats {
  /** Sorted by size, largest first (then by type). */
  byType: { type: string; count: number; sizeBytes: number }[];
  total: { count: number; sizeBytes: number };
  quotaBytes: number;
  /** What the quota counts: every asset the owner holds, pending and hidden ones included. */
  usedBytes: number;
  freeBytes: number;
}

/** One tag of an owner's tag cloud and how many of their active assets carry it. */
export interface TagCount {
  tag: string;
  count: number;
}

/** This week's picks, and the week they are for (`2030-W01`). */
export interface AssetsOfTheWeek {
  week: string;
  assets: AssetRecord[];
}
