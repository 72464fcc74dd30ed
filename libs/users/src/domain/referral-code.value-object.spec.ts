import { describe, expect, it } from '@jest/globals';
import { REFERRAL_ALPHABET, ReferralCode } from './referral-code.value-object';

describe('ReferralCode', () => {
  it('is made of five characters without the look-alikes l I 1 O 0 S 5', () => {
    expect(REFERRAL_ALPHABET).not.toMatch(/[lI1O0S5]/);
    for (let draw = 0; draw < 200; draw++) {
      expect(ReferralCode.generate().value).toMatch(new RegExp(`^[${REFERRAL_ALPHABET}]{5}$`));
    }
  });

  it('forgives case when typed, and refuses look-alikes', () => {
    expect(ReferralCode.parse(' k7pqr ').value).toBe('K7PQR');
    expect(() => ReferralCode.parse('K0PQR')).toThrow();
  });
});
