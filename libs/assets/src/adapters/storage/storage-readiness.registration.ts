import { Inject, Injectable, Logger } from '@nestjs/common';
import { ReadinessChecks } from '@keepem/shared/service_layer';
import { FILE_STORAGE, type FileStorage } from '../../service_layer/ports/file-storage.port';

/**
 * Adds the file storage to `/health/ready` as `storage`. The answer only says "not reachable"; why
 * (a path, a bucket, an S3 error) goes to the log, not to whoever asks.
 */
@Injectable()
export class StorageReadinessRegistration {
  private readonly logger = new Logger('FileStorage');

  constructor(readiness: ReadinessChecks, @Inject(FILE_STORAGE) storage: FileStorage) {
    readiness.register('storage', {
      isHealthy: () =>
        storage.check().then(
          () => true,
          (error: unknown) => {
            this.logger.warn(`File storage is not ready: ${error instanceof Error ? error.message : String(error)}`);
            return false;
          },
        ),
    });
  }
}
