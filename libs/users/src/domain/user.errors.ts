import { ConflictError, ForbiddenError, RuleViolationError } from '@keepem/shared/domain';
import { MAX_REMINDERS_PER_USER } from './reminder.value-object';

export class UserNotPendingError extends RuleViolationError {
  constructor(userId: string) {
    super(`User ${userId} is not waiting for activation`);
  }
}

/** The password was right but the account may not log in; saying why helps the rightful owner. */
export class AccountNotUsableError extends ForbiddenError {}

export class UsernameTakenError extends ConflictError {
  constructor() {
    super('That username is taken', [{ field: 'username', message: 'username is already taken' }]);
  }
}

/** Also for another spelling of the same mailbox (EmailAddress.canonical). */
export class EmailAlreadyRegisteredError extends ConflictError {
  constructor() {
    super('An account with that e-mail address exists', [{ field: 'email', message: 'email is already registered' }]);
  }
}

export class TooManyRemindersError extends RuleViolationError {
  constructor(had: number, wouldHave: number) {
    super(
      `A user keeps at most ${MAX_REMINDERS_PER_USER} reminders: you have ${had}, and these would make ${wouldHave}. Remove some first`,
    );
  }
}

/** Only an active account may have its password reset: a pending one activates first, a disabled or removed one may not. */
export class PasswordResetNotAllowedError extends RuleViolationError {
  constructor(userId: string) {
    super(`User ${userId} is not active, so its password cannot be reset`);
  }
}
