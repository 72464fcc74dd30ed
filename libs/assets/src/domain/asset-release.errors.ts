import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '@keepem/shared/domain';
import type { ReleaseConditionKind } from './release-condition';

/** The release does not exist, or the caller is neither its owner nor one of its receivers. */
export class ReleaseNotFoundError extends NotFoundError {
  constructor() {
    super('Release');
  }
}

/** A released or cancelled release is over. */
export class ReleaseNotActiveError extends ConflictError {
  constructor(releaseId: string) {
    super(`Release ${releaseId} is no longer scheduled`);
  }
}

/** The receiver pulled too early, or named the wrong place. */
export class ReleaseConditionsNotMetError extends ConflictError {
  constructor(readonly failed: ReleaseConditionKind[]) {
    super(`The release's conditions are not met yet: ${failed.map(describe).join('; ')}`);
  }
}

function describe(kind: ReleaseConditionKind): string {
  return kind === 'time' ? 'its time has not come' : kind === 'location' ? 'that is not the place' : kind;
}

/** A trigger found a receiver no longer a keep of the owner: the service cancelled the release instead. */
export class ReleaseCanceledBySystemError extends ConflictError {
  constructor(
    releaseId: string,
    readonly reason: string,
  ) {
    super(`Release ${releaseId} was cancelled and nothing was released: ${reason}`);
  }
}

/** Another live release of the same owner has this name and shares an asset with this one. */
export class DuplicateReleaseError extends ConflictError {
  constructor(name: string) {
    super(`You already have a scheduled release named "${name}" with some of these assets`);
  }
}

/** A receiver is not someone the owner keeps (an active keep). */
export class ReceiverNotAKeepError extends RuleViolationError {
  constructor(receiverId: string) {
    super(`User ${receiverId} is not an active keep of yours`, [
      { field: 'receivers', message: `${receiverId} is not an active keep of yours` },
    ]);
  }
}

/** A release's dates or lists do not make sense. */
export class InvalidReleaseError extends InvalidInputError {
  constructor(field: string, message: string) {
    super(`The release is not valid: ${message}`, [{ field, message }]);
  }
}

/** An asset with several owners stays out of releases: the others, no party to it, could neither see it nor end it. */
export class SharedAssetNotReleasableError extends ConflictError {
  constructor(assetId: string) {
    super(`Asset ${assetId} is shared with other owners, so it cannot be part of a release`, [
      { field: 'assets', message: `${assetId} is shared with other owners` },
    ]);
  }
}
