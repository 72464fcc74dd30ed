import { InvalidInputError } from '@keepem/shared/domain';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 96;

/** Checked before hashing: a plain password never reaches an aggregate, only its hash does. */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new InvalidInputError('The password is not acceptable', [
      { field, message: `${field} must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long` },
    ]);
  }
}
