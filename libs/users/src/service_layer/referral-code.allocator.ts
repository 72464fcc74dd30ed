import { ReferralCode } from '../domain/referral-code.value-object';
import { UserRepository } from './ports/user.repository.port';

const ATTEMPTS = 8;

/** With 29^5 codes a clash is rare; a few draws make it practically impossible. */
export async function allocateReferralCode(users: UserRepository): Promise<ReferralCode> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = ReferralCode.generate();
    if (!(await users.findByReferralCode(candidate.value))) {
      return candidate;
    }
  }
  throw new Error(`No free referral code after ${ATTEMPTS} draws`);
}
