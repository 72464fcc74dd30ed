import { InvalidInputError, ValueObject } from '@keepem/shared/domain';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * An e-mail address as the user typed it (trimmed, lowercased) plus its canonical form, which
 * decides uniqueness: Gmail ignores dots and "+tags", so j.doe+x@gmail.com is jdoe@gmail.com.
 */
export class EmailAddress extends ValueObject<{ value: string; canonical: string }> {
  static parse(input: string, field = 'email'): EmailAddress {
    const value = input.trim().toLowerCase();
    if (!EMAIL.test(value) || value.length > 254) {
      throw new InvalidInputError('The e-mail address is not valid', [{ field, message: `${field} must be an e-mail address` }]);
    }
    return new EmailAddress({ value, canonical: canonicalize(value) });
  }

  static canonicalOf(input: string): string {
    return canonicalize(input.trim().toLowerCase());
  }

  get value(): string {
    return this.props.value;
  }

  get canonical(): string {
    return this.props.canonical;
  }
}

function canonicalize(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) {
    return address;
  }
  return `${local.split('+')[0].replaceAll('.', '')}@gmail.com`;
}
