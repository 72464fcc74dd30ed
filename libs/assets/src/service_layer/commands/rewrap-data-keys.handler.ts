import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { DATA_KEYS, type DataKeys } from '../ports/data-keys.port';
import { WRAPPED_DATA_KEYS_VIEW, type WrappedDataKeysView } from '../ports/wrapped-data-keys.view.port';
import { RewrapDataKeys } from './rewrap-data-keys.command';

/** How many asset ids are read at a time: each batch is read anew, as the assets re-wrapped before drop out of it. */
const BATCH_SIZE = 100;

@CommandHandler(RewrapDataKeys)
export class RewrapDataKeysHandler implements ICommandHandler<RewrapDataKeys> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(DATA_KEYS) private readonly dataKeys: DataKeys,
    @Inject(WRAPPED_DATA_KEYS_VIEW) private readonly wrappedDataKeys: WrappedDataKeysView,
  ) {}

  /**
   * One unit of work per asset, so the API and the worker keep running beside it: an owner's change
   * that meets a re-wrap is run again like any other conflict, and a re-wrap that fails half way
   * leaves every key either re-wrapped or as it was. Run again, it starts where it stopped.
   */
  async execute(command: RewrapDataKeys): Promise<void> {
    for (const keyId of this.dataKeys.keyIds().retired) {
      for (;;) {
        const assetIds = await this.wrappedDataKeys.assetIdsWrappedWith(keyId, BATCH_SIZE);
        if (assetIds.length === 0) {
          break;
        }
        let rewrapped = 0;
        for (const assetId of assetIds) {
          rewrapped += (await this.rewrap(assetId, keyId, command)) ? 1 : 0;
        }
        // The view answered only keys that are not (or no longer) there to re-wrap: asking again
        // would bring the same batch back for ever.
        if (rewrapped === 0) {
          break;
        }
      }
    }
  }

  /** Whether the asset's data key was re-wrapped: not when it was gone or wrapped otherwise by then. */
  private rewrap(assetId: string, keyId: string, command: RewrapDataKeys): Promise<boolean> {
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = await assets.findById(assetId);
      const dataKey = asset?.encryption?.dataKey;
      if (!asset || dataKey?.keyId !== keyId) {
        return false;
      }
      asset.rewrapDataKey(this.dataKeys.rewrap(dataKey));
      assets.save(asset);
      return true;
    });
  }
}
