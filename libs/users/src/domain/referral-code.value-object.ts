import { InvalidInputError, ValueObject } from '@keepem/shared/domain';

/** Upper-case letters and digits without the look-alikes l I 1 O 0 S 5, so a code read aloud survives. */
export const REFERRAL_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXYZ2346789';
const LENGTH = 5;
const REFERRAL_CODE = new RegExp(`^[${REFERRAL_ALPHABET}]{${LENGTH}}$`);

export class ReferralCode extends ValueObject<{ value: string }> {
  static generate(): ReferralCode {
    const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
    // 29 symbols over 256 byte values: the modulo bias is under 1 % and harmless for a public code.
    const value = Array.from(bytes, (byte) => REFERRAL_ALPHABET[byte % REFERRAL_ALPHABET.length]).join('');
    return new ReferralCode({ value });
  }

  /** Codes are typed by people: case is forgiven. */
  static parse(input: string, field = 'referralCode'): ReferralCode {
    const value = input.trim().toUpperCase();
    if (!REFERRAL_CODE.test(value)) {
      throw new InvalidInputError('The referral code is not valid', [
        { field, message: `the referral code must be ${LENGTH} characters from ${REFERRAL_ALPHABET}` },
      ]);
    }
    return new ReferralCode({ value });
  }

  get value(): string {
    return this.props.value;
  }
}
