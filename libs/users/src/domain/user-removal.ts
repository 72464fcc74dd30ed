import { InvalidInputError } from '@keepem/shared/domain';

export const REMOVAL_REASON_MAX_LENGTH = 500;

/** Who removes an account: its owner, or an administrator, who must say why. */
export type Removal = { by: 'self' } | { by: 'admin'; adminId: string; reason: string };

/** The domain a removed account's e-mail address is rewritten to: reserved (RFC 2606), so no mail can ever reach it. */
export const REMOVED_EMAIL_DOMAIN = 'removed.invalid';

/** An administrator's reason, trimmed: something to read later, so neither blank nor a novel. */
export function removalReason(input: string): string {
  const reason = input.trim();
  if (reason.length === 0 || reason.length > REMOVAL_REASON_MAX_LENGTH) {
    throw new InvalidInputError('The reason is not valid', [
      { field: 'reason', message: `reason must be 1 to ${REMOVAL_REASON_MAX_LENGTH} characters long, not only spaces` },
    ]);
  }
  return reason;
}
