import { ForbiddenError, RuleViolationError } from '@keepem/shared/domain';

export class UserNotPendingError extends RuleViolationError {
  constructor(userId: string) {
    super(`User ${userId} is not waiting for activation`);
  }
}

/** The password was right but the account may not log in; saying why helps the rightful owner. */
export class AccountNotUsableError extends ForbiddenError {}
