import { ConflictError, NotFoundError } from '@keepem/shared/domain';

/** Someone asked to keep themselves. */
export class KeepWithOneselfError extends ConflictError {
  constructor() {
    super('You cannot keep yourself');
  }
}

/** The two users already have a pending or active keep, whoever asked for it. */
export class KeepAlreadyExistsError extends ConflictError {
  constructor() {
    super('A keep between these two users is already pending or active');
  }
}

/**
 * The keep does not exist, or is not the caller's to see or to act on: its existence is not theirs
 * to learn, and a requester may not accept on the other's behalf.
 */
export class KeepNotFoundError extends NotFoundError {
  constructor() {
    super('Keep');
  }
}

/** Only a pending keep can be accepted. */
export class KeepNotPendingError extends ConflictError {
  constructor(keepId: string) {
    super(`Keep ${keepId} is not waiting to be accepted`);
  }
}

/** A declined keep stays declined; asking again makes a new keep. */
export class KeepAlreadyDeclinedError extends ConflictError {
  constructor(keepId: string) {
    super(`Keep ${keepId} was declined already`);
  }
}
