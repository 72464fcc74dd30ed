import type { StorageSettings } from '../../assets.config';
import type { FileStorage } from '../../service_layer/ports/file-storage.port';
import { LocalFileStorage } from './local-file.storage';
import { S3FileStorage } from './s3-file.storage';

/** S3 when a bucket is configured; otherwise files under STORAGE_DIR, so the service runs with nothing set. */
export function createFileStorage(settings: StorageSettings): FileStorage {
  return settings.driver === 's3' ? new S3FileStorage(settings.s3) : new LocalFileStorage(settings.directory);
}
