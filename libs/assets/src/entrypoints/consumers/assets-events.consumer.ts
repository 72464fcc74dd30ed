import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { OnceEffectConsumer } from '@keepem/shared/messaging';
import { MESSAGE_BROKER, type MessageBroker, OnceEffectRunner } from '@keepem/shared/service_layer';
import { ASSET_REMOVED_V1 } from '../../contracts/asset-removed.v1';
import { FILE_STORAGE, type FileStorage } from '../../service_layer/ports/file-storage.port';
import { deleteStoredFileOf } from '../../service_layer/stored-files';

/** The assets context's reactions to its own events. */
@Injectable()
export class AssetsEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly runner: OnceEffectRunner,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /**
   * assets.asset-removed → the file is deleted (again: the removal deleted it after its commit,
   * unless the process stopped in between or the storage failed). A failed delete is retried as
   * any failed delivery is, until the object is gone.
   */
  onModuleInit(): void {
    this.broker.subscribe(
      new OnceEffectConsumer('assets.removed-file-deletion', ASSET_REMOVED_V1, this.runner, (event) =>
        deleteStoredFileOf(this.storage, event.asset_id),
      ),
    );
  }
}
