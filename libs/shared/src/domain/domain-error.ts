/**
 * What went wrong, in the domain's words. The HTTP layer maps each kind to one status in a single
 * place (problem-details.filter.ts), so no handler or aggregate ever speaks HTTP.
 */
export type DomainErrorKind =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'too_large' | 'timed_out' | 'unavailable';

export interface FieldError {
  /**
   * The field as the domain names it (`referralCode`, `publicName`); the HTTP layer renames it to
   * what the API calls it, so a change of the API's spelling never reaches the domain.
   */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super('invalid', message, fieldErrors);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super('conflict', message, fieldErrors);
  }
}

/** A write lost a race: the aggregate changed since it was read. Retrying the request is safe. */
export class ConcurrencyConflictError extends ConflictError {
  constructor(collection: string, id: string) {
    super(`${collection} ${id} was changed by someone else; reload and try again`);
  }
}

export class RuleViolationError extends DomainError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super('unprocessable', message, fieldErrors);
  }
}

/** What was sent, or declared, is larger than the service accepts. */
export class TooLargeError extends DomainError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super('too_large', message, fieldErrors);
  }
}

/** The client began a request and then stopped sending it, for longer than the service waits. */
export class TimedOutError extends DomainError {
  constructor(message: string) {
    super('timed_out', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication failed') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/**
 * The work cannot be taken on now, through no fault of the request: too much of it is already
 * waiting. The same request may succeed after `retryAfterSeconds`.
 */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('unavailable', message);
  }
}
