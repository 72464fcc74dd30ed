import type { AggregateState } from '@keepem/shared/domain';

/** An asset as its queries read it: what its owners may see, never its data key or where its bytes are. */
export interface AssetRecord {
  id: string;
  state: AggregateState;
  owners: string[];
  title: string;
  description: string | null;
  tags: string[];
  people: string[];
  location: string | null;
  createdDate: string | null;
  extraPrivate: boolean;
  bookmarked: boolean;
  fileName: string;
  fileType: string;
  fileSizeBytes: number;
  createdAt: Date;
  modifiedAt: Date;
}

/** Of an asset, what an owner's stats and tag cloud count. */
export interface AssetHolding {
  state: AggregateState;
  fileType: string;
  fileSizeBytes: number;
  tags: string[];
}
