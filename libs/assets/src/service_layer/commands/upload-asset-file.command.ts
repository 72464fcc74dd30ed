import type { Readable } from 'node:stream';
import { Command, MessageProps } from '@keepem/shared/service_layer';

/** The file as the request sends it. */
export interface SentFile {
  /** The name the client gave the file, if any. */
  name: string | undefined;
  /** The media type the client sent it as, if any. */
  type: string | undefined;
  /**
   * The file's bytes, streamed as they arrive. Destroying it stops reading the request without
   * ending the exchange, so that a refusal can still be answered; it fails with a domain error
   * when the request is cut off or does not hold the file as the route expects.
   */
  content: Readable;
  /** How many bytes the request says the file has (a raw body's Content-Length), before any arrives. */
  announcedBytes: number | undefined;
}

/**
 * Stores the file of a pending asset, encrypted, as its creator declared it: the asset becomes
 * active. The upload token must be the one the asset's Location carried, for this user.
 */
export class UploadAssetFile extends Command {
  declare readonly assetId: string;
  declare readonly uploadId: string;
  declare readonly uploadToken: string;
  declare readonly uploadedBy: string;
  /**
   * Opens the file in the request. Called once the token and the asset allow the upload, so that
   * nothing of a refused request is read; it may fail as `content` may.
   */
  declare readonly receive: () => Promise<SentFile>;

  constructor(props: MessageProps<UploadAssetFile>) {
    super(props);
  }
}
