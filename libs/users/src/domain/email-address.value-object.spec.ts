import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';

describe('EmailAddress', () => {
  it('trims and lowercases what the user typed', () => {
    expect(EmailAddress.parse('  Ada.Lovelace@Example.COM ').value).toBe('ada.lovelace@example.com');
  });

  it('makes Gmail spellings of one mailbox one canonical address, and leaves other domains alone', () => {
    expect(EmailAddress.parse('J.Doe+keepem@gmail.com').canonical).toBe('jdoe@gmail.com');
    expect(EmailAddress.parse('jdoe@googlemail.com').canonical).toBe('jdoe@gmail.com');
    expect(EmailAddress.parse('j.doe+x@example.com').canonical).toBe('j.doe+x@example.com');
  });

  it('refuses what is not an address', () => {
    expect(() => EmailAddress.parse('not-an-address')).toThrow(InvalidInputError);
  });
});
