import type { Readable } from 'node:stream';
import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { ByteRange } from '../ports/file-storage.port';

/** An asset's stored file, ready to be read, decrypted, whole or in part. */
export interface AssetFile {
  name: string;
  type: string;
  sizeBytes: number;
  /**
   * Names these exact bytes: the same for as long as the file is, different for any other file.
   * An asset's file is written once (its upload makes it active, and an active asset takes no
   * other file), so the asset's id does; if files could ever be replaced, it would name the upload.
   */
  revision: string;
  /**
   * The plaintext, or only `range` of it, decrypting only the chunks that hold it. The stream fails
   * rather than yield a byte that does not authenticate.
   */
  read(range?: ByteRange): Readable;
}

/** The file of an asset, for one of its owners, while the asset is active. */
export class GetAssetFile extends Query<AssetFile> {
  declare readonly assetId: string;
  declare readonly readerId: string;

  constructor(props: MessageProps<GetAssetFile>) {
    super(props);
  }
}
