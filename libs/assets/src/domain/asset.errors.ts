import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  TimedOutError,
  TooLargeError,
} from '@keepem/shared/domain';
import { MEBIBYTE } from './byte-sizes';

/**
 * The asset does not exist, or is not the caller's to see: anyone but an owner is told the same, so
 * nobody learns that someone else's asset exists.
 */
export class AssetNotFoundError extends NotFoundError {
  constructor() {
    super('Asset');
  }
}

/** Under a scheduled release: it may be neither changed nor removed until the release ends. */
export class AssetHiddenError extends ConflictError {
  constructor(assetId: string) {
    super(`Asset ${assetId} is part of a scheduled release and cannot be changed or removed until the release ends`);
  }
}

/** A file is uploaded once, while the asset waits for it. */
export class AssetNotPendingError extends ConflictError {
  constructor(assetId: string) {
    super(`Asset ${assetId} already has its file`);
  }
}

/** Another upload of the same asset holds it; it is not taken from under that one. */
export class UploadInProgressError extends ConflictError {
  constructor(assetId: string) {
    super(`Another upload of asset ${assetId} is in progress; wait for it to end`);
  }
}

/** This upload's hold on the asset ended (it lapsed, or the asset was removed) before the file was stored. */
export class UploadClaimLostError extends ConflictError {
  constructor(assetId: string) {
    super(`The upload of asset ${assetId} was overtaken: the asset changed while its file was sent`);
  }
}

/**
 * No byte of the file came for as long as an upload's claim lasts: the client stalled, or went away
 * without closing. The upload lets go of the asset, so another may send the file.
 */
export class UploadStalledError extends TimedOutError {
  constructor(idleMs: number) {
    super(`No byte of the file arrived for ${idleMs / 1000} s; the upload was stopped and nothing was stored`);
  }
}

/** The file sent is not the file declared when the asset was created. */
export class FileMismatchError extends InvalidInputError {
  constructor(field: 'fileName' | 'fileType' | 'fileSizeBytes', message: string) {
    super(`The file does not match the one declared: ${message}`, [{ field, message }]);
  }
}

export class FileTooLargeError extends TooLargeError {
  constructor(limitBytes: number) {
    super(`Files are at most ${limitBytes} bytes`, [{ field: 'fileSizeBytes', message: `at most ${limitBytes} bytes` }]);
  }
}

export class StorageQuotaExceededError extends ConflictError {
  constructor(ownerId: string, usedBytes: number, addedBytes: number, quotaBytes: number) {
    const megabytes = (bytes: number) => (bytes / MEBIBYTE).toFixed(1);
    super(
      `This file would take the storage of user ${ownerId} over its quota: ${megabytes(usedBytes)} MB used, ` +
        `${megabytes(addedBytes)} MB more asked, ${megabytes(quotaBytes)} MB allowed. Remove assets to make room`,
    );
  }
}

/**
 * An owner's upload token that does not let them send this asset's file. The token is looked at
 * only once the caller is known to own the asset: anyone else is told the asset was not found
 * (AssetNotFoundError), whatever token they hold. An owner's token that is missing, not one of
 * ours, altered, expired or of another kind is answered 401; a sound one for another asset or
 * another user, 404. README.md, "Asset files: upload and download", holds the whole rule.
 */
export class InvalidUploadTokenError extends DomainError {
  constructor(readonly reason: 'invalid' | 'not-for-this-upload') {
    super(
      reason === 'invalid' ? 'unauthenticated' : 'not_found',
      reason === 'invalid' ? 'The upload token is invalid or has expired; create the asset again for a new one' : 'Asset was not found',
    );
  }
}

/**
 * Owners other than the creator cannot be named at creation: an asset gains co-owners only through
 * a release that hands it on (a bequest), which their keep with the owner allows.
 */
export class OtherOwnersNotAllowedError extends RuleViolationError {
  constructor() {
    super('An asset is created with you as its only owner; others become owners when a release hands it on to them', [
      { field: 'owners', message: 'may list only you' },
    ]);
  }
}
