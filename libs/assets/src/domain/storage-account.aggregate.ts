import { AggregateMetadata, AggregateRoot } from '@keepem/shared/domain';
import type { OwnerId } from './asset.aggregate';
import type { StorageQuota } from './storage-quota';

export interface StorageAccountProps {
  admittedAssets: number;
}

/**
 * An owner's storage, as the one place where assets are admitted against the quota. What it
 * holds is little (how many assets it let in); what matters is that admitting writes it, so two
 * assets created at once for one owner cannot both be let in on the same free room: the second
 * commit meets the first's version, is run again, and counts the first asset too.
 */
export class StorageAccount extends AggregateRoot<OwnerId> {
  private constructor(
    id: OwnerId,
    metadata: AggregateMetadata,
    private props: StorageAccountProps,
  ) {
    super(id, metadata);
  }

  static open(ownerId: OwnerId, at: Date): StorageAccount {
    return new StorageAccount(ownerId, { createdAt: at, modifiedAt: at, version: 0, state: 'active' }, { admittedAssets: 0 });
  }

  static restore(id: OwnerId, metadata: AggregateMetadata, props: StorageAccountProps): StorageAccount {
    return new StorageAccount(id, metadata, props);
  }

  get admittedAssets(): number {
    return this.props.admittedAssets;
  }

  /** Lets in `addedBytes` more when the owner's `usedBytes` leave room for them under `quota`. */
  admit(addedBytes: number, usedBytes: number, quota: StorageQuota, at: Date): void {
    quota.assertRoomFor(this.id, usedBytes, addedBytes);
    this.touch(at);
    this.props = { admittedAssets: this.props.admittedAssets + 1 };
  }
}
