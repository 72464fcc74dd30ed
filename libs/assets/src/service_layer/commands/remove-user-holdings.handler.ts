import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { type Transaction, UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import type { Asset } from '../../domain/asset.aggregate';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { FILE_STORAGE, type FileStorage } from '../ports/file-storage.port';
import { deleteStoredFileOf } from '../stored-files';
import { RemoveUserHoldings } from './remove-user-holdings.command';

/** What a release the system cancels for a removed user says. */
export const USER_REMOVED_REASON = 'user removed';

@CommandHandler(RemoveUserHoldings)
export class RemoveUserHoldingsHandler implements ICommandHandler<RemoveUserHoldings> {
  private readonly logger = new Logger(RemoveUserHoldingsHandler.name);

  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /**
   * One unit of work, in the issue's order: the live releases the user is a party to are cancelled
   * by the system and their assets shown again; then each asset the user still holds is removed
   * when they owned it alone (its data key destroyed with it) or relinquished to its other owners.
   * The unit of work records the event in the consumer's inbox in the same commit, and a second
   * run would find nothing left to do anyway. The removed assets' files are deleted after the
   * commit, as RemoveAsset does; a failed delete is left to the consumer of assets.asset-removed.
   */
  async execute(command: RemoveUserHoldings): Promise<void> {
    const removed = await this.unitOfWork.run(command.metadata, (tx) => this.endHoldings(tx, command.userId, command.metadata.at));
    for (const assetId of removed) {
      await deleteStoredFileOf(this.storage, assetId).catch((error: unknown) =>
        this.logger.warn(`The file of asset ${assetId} (its owner was removed) is left for its removal event to delete: ${String(error)}`),
      );
    }
  }

  /** Answers the ids of the assets it removed. */
  private async endHoldings(tx: Transaction, userId: string, at: Date): Promise<string[]> {
    const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
    const assets = tx.repository(ASSET_REPOSITORY);
    // One instance per asset for the whole unit of work: a release's asset is changed again below.
    const loaded = new Map<string, Asset>();
    for (const release of await releases.findLiveHolding(userId)) {
      release.cancelBySystem(USER_REMOVED_REASON, at);
      releases.save(release);
      for (const assetId of release.assets) {
        const asset = loaded.get(assetId) ?? (await assets.findById(assetId));
        if (asset) {
          asset.showAgain(at);
          assets.save(asset);
          loaded.set(asset.id, asset);
        }
      }
    }
    const removed: string[] = [];
    for (const held of await assets.findHeldBy(userId)) {
      const asset = loaded.get(held.id) ?? held;
      if (asset.owners.length === 1) {
        // Only a release of theirs could hide it, and those are cancelled now.
        asset.showAgain(at);
        asset.remove(userId, at);
        removed.push(asset.id);
      } else {
        asset.relinquish(userId, at);
      }
      assets.save(asset);
    }
    return removed;
  }
}
