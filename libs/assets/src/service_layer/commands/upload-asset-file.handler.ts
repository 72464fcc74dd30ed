import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '@keepem/shared/domain';
import {
  CLOCK,
  type Clock,
  LEASE_SETTINGS,
  type LeaseSettings,
  UNIT_OF_WORK,
  type UnitOfWork,
  whileRenewing,
} from '@keepem/shared/service_layer';
import type { Asset, OwnerId } from '../../domain/asset.aggregate';
import { AssetNotFoundError, FileTooLargeError, UploadClaimLostError, UploadStalledError } from '../../domain/asset.errors';
import type { DeclaredFile } from '../../domain/declared-file.value-object';
import type { WrappedDataKey } from '../../domain/wrapped-data-key';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { ASSETS_SETTINGS, type AssetsSettings } from '../ports/assets-settings.port';
import { FILE_CIPHER, type FileCipher } from '../ports/file-cipher.port';
import { FILE_STORAGE, type FileStorage } from '../ports/file-storage.port';
import { UPLOAD_TOKENS, type UploadTokens } from '../ports/upload-tokens.port';
import type { SentFile } from './upload-asset-file.command';
import { UploadAssetFile } from './upload-asset-file.command';

/** What the upload holds once it has claimed the asset. */
interface ClaimedUpload {
  storageKey: string;
  file: DeclaredFile;
  dataKey: WrappedDataKey;
}

/**
 * Streams a pending asset's file, encrypted, into storage. The upload claims the asset first, in a
 * transaction of its own, so two uploads never write its object at once; it renews the claim while
 * the bytes flow, and once more before the object is committed, so an upload that lost its claim
 * (it stalled past the lease, or the asset was removed) never replaces the object of the one that
 * took over. A second transaction completes the upload: the asset is active.
 */
@CommandHandler(UploadAssetFile)
export class UploadAssetFileHandler implements ICommandHandler<UploadAssetFile> {
  private readonly logger = new Logger(UploadAssetFileHandler.name);

  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(UPLOAD_TOKENS) private readonly tokens: UploadTokens,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(FILE_CIPHER) private readonly cipher: FileCipher,
    @Inject(ASSETS_SETTINGS) private readonly settings: AssetsSettings,
    @Inject(LEASE_SETTINGS) private readonly lease: LeaseSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: UploadAssetFile): Promise<void> {
    const upload = await this.claim(command);
    let stored = false;
    try {
      await this.store(command, upload);
      stored = true;
      await this.complete(command);
    } catch (error) {
      await this.giveUp(command, upload, stored);
      throw error;
    }
  }

  /**
   * Anyone but an owner is told there is no such asset, whatever token they hold; an owner's token
   * must be the one for this upload. Both are checked before a byte of the request is read.
   */
  private claim(command: UploadAssetFile): Promise<ClaimedUpload> {
    return this.onAsset(command, notFound, (asset, at, save) => {
      asset.assertVisibleTo(command.uploadedBy);
      this.tokens.verify(command.uploadToken, { assetId: command.assetId, userId: command.uploadedBy });
      asset.claimUpload({ uploadId: command.uploadId, by: command.uploadedBy as OwnerId, until: this.leaseFrom(at) }, at);
      save();
      // A pending asset always has its data key; only a removed one lost it.
      return { storageKey: asset.storageKey, file: asset.file, dataKey: asset.encryption!.dataKey };
    });
  }

  /**
   * Receives the file and writes it, renewing the claim meanwhile. The upload is stopped when its
   * claim is lost, or when no byte of the file came for a whole lease, by the clock: renewed, the
   * claim of a client that stalled (or left without closing) would otherwise hold the asset for good.
   */
  private async store(command: UploadAssetFile, upload: ClaimedUpload): Promise<void> {
    const counted = new CountedBytes(upload.file, this.settings.maxUploadBytes, this.clock, () => this.renew(command));
    const stopping = new AbortController();
    const renewWhileSending = async () => {
      if (counted.idleFor(this.lease.leaseMs)) {
        stopping.abort(new UploadStalledError(this.lease.leaseMs));
        return;
      }
      try {
        await this.renew(command);
      } catch (error) {
        // The claim is gone (the asset was removed, or another upload took it over): stop reading.
        // Any other failure (a conflict with a change made to the asset meanwhile, the database out of
        // reach) is left to the next renewal, or to the last one before the object is committed.
        if (error instanceof UploadClaimLostError || error instanceof AssetNotFoundError) {
          stopping.abort(error);
        }
      }
    };
    await whileRenewing(renewWhileSending, this.lease.renewEveryMs, async () => {
      // A form's file comes after the form's first bytes: a client may stall before it starts.
      const sent = await unlessAborted(command.receive(), stopping.signal, (late) => late.content.destroy());
      try {
        this.assertAcceptable(sent, upload.file);
      } catch (error) {
        sent.content.destroy();
        throw error;
      }
      stopping.signal.addEventListener('abort', () => counted.destroy(stopping.signal.reason as Error), { once: true });
      await this.write(upload, sent.content, counted);
    });
  }

  /** What can be told before a byte is read: the name, the type, and the size the request announces. */
  private assertAcceptable(sent: SentFile, declared: DeclaredFile): void {
    declared.assertSentAs(sent.name, sent.type);
    if (sent.announcedBytes !== undefined) {
      if (sent.announcedBytes > this.settings.maxUploadBytes) {
        throw new FileTooLargeError(this.settings.maxUploadBytes);
      }
      declared.assertSizeIs(sent.announcedBytes);
    }
  }

  /**
   * Sent bytes → counted → encrypted → stored. Storage writes all or nothing, so a refusal on the
   * way (too many bytes, too few, a claim lost) leaves no object; the refusal is what is thrown.
   */
  private async write(upload: ClaimedUpload, content: Readable, counted: CountedBytes): Promise<void> {
    let encrypted!: Transform;
    const piped = new Promise<Error | null>((resolve) => {
      encrypted = pipeline(content, counted, this.cipher.encryptor(upload.dataKey), resolve);
    });
    try {
      await this.storage.write(upload.storageKey, encrypted);
    } catch (error) {
      encrypted.destroy();
      const cause = await piped;
      throw cause instanceof DomainError ? cause : error;
    }
    const failure = await piped;
    if (failure) {
      throw failure;
    }
  }

  private renew(command: UploadAssetFile): Promise<void> {
    return this.onAsset(command, lostClaimOf(command), (asset, at, save) => {
      asset.renewUploadClaim(command.uploadId, this.leaseFrom(at), at);
      save();
    });
  }

  private complete(command: UploadAssetFile): Promise<void> {
    return this.onAsset(command, lostClaimOf(command), (asset, at, save) => {
      asset.completeUpload(command.uploadId, at);
      save();
    });
  }

  /**
   * Lets go of the asset after a failure. An object this upload stored is deleted, unless the
   * asset moved on without it (another upload holds or completed it, and the object under its key
   * is, or will be, that upload's); the asset having been removed meanwhile is no reason to keep
   * it. The claim is kept while the object is deleted, so no other upload can store one there in
   * between. A failed write stored nothing, so then only the claim is released.
   */
  private async giveUp(command: UploadAssetFile, upload: ClaimedUpload, stored: boolean): Promise<void> {
    try {
      if (!stored) {
        await this.release(command);
        return;
      }
      const outcome = await this.onAsset(
        command,
        () => 'delete' as const,
        (asset, at, save) => {
          if (asset.state === 'removed') {
            return 'delete';
          }
          if (!asset.isHeldBy(command.uploadId)) {
            return 'keep';
          }
          asset.renewUploadClaim(command.uploadId, this.leaseFrom(at), at);
          save();
          return 'delete and release';
        },
      );
      if (outcome !== 'keep') {
        await this.storage.delete(upload.storageKey);
      }
      if (outcome === 'delete and release') {
        await this.release(command);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Upload ${command.uploadId} of asset ${command.assetId} failed and could not let go of the asset: ${reason}`);
    }
  }

  private release(command: UploadAssetFile): Promise<void> {
    return this.onAsset(
      command,
      () => undefined,
      (asset, at, save) => {
        if (asset.isHeldBy(command.uploadId)) {
          asset.releaseUploadClaim(command.uploadId, at);
          save();
        }
      },
    );
  }

  /**
   * Reads the asset in a transaction of its own and runs `work` on it, at the clock's now; the asset
   * is written only if `work` calls `save`. An asset that is not there is answered by `ifMissing`.
   */
  private onAsset<Result>(
    command: UploadAssetFile,
    ifMissing: () => Result,
    work: (asset: Asset, at: Date, save: () => void) => Result,
  ): Promise<Result> {
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = await assets.findById(command.assetId);
      if (!asset) {
        return ifMissing();
      }
      return work(asset, this.clock.now(), () => assets.save(asset));
    });
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.lease.leaseMs);
  }
}

/** What the claim meets when the asset is not there. */
function notFound(): never {
  throw new AssetNotFoundError();
}

/** What a renewal or completion meets when the asset is gone: this upload's hold on it is lost. */
function lostClaimOf(command: UploadAssetFile): () => never {
  return () => {
    throw new UploadClaimLostError(command.assetId);
  };
}

/**
 * What `pending` settles with, unless `signal` is aborted first: then it fails with the reason, and
 * what `pending` brings later is handed to `discard`.
 */
function unlessAborted<Value>(pending: Promise<Value>, signal: AbortSignal, discard: (late: Value) => void): Promise<Value> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          discard(value);
        } else {
          resolve(value);
        }
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * Passes the sent bytes on while counting them, and fails as soon as there are more than declared
 * or than any upload may send, or, at the end, fewer than declared. Before it lets the last byte
 * through it runs `beforeEnd` (the last renewal of the claim), whose failure fails the upload. It
 * tells when the sender has gone quiet: no byte came for a while, though more are awaited.
 */
class CountedBytes extends Transform {
  private received = 0;
  private lastByteAt: number;

  constructor(
    private readonly declared: DeclaredFile,
    private readonly maxBytes: number,
    private readonly clock: Clock,
    private readonly beforeEnd: () => Promise<void>,
  ) {
    super();
    this.lastByteAt = clock.now().getTime();
  }

  /**
   * Whether no byte came for `ms` (or more) while the rest of the file is awaited, none of it held
   * up here: bytes that wait for storage to take them are storage's delay, not the sender's.
   */
  idleFor(ms: number): boolean {
    const awaiting = !this.writableEnded && !this.destroyed && this.writableLength === 0;
    return awaiting && this.clock.now().getTime() - this.lastByteAt >= ms;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    this.lastByteAt = this.clock.now().getTime();
    try {
      if (this.received > this.maxBytes) {
        throw new FileTooLargeError(this.maxBytes);
      }
      this.declared.assertMayReceive(this.received);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.declared.assertSizeIs(this.received);
    } catch (error) {
      done(error as Error);
      return;
    }
    this.beforeEnd().then(() => done(), done);
  }
}
