import { InvalidInputError, ValueObject } from '@keepem/shared/domain';

export const PUBLIC_NAME_MAX_LENGTH = 64;

/** Control characters (line breaks among them) have no place in a name that e-mails and pages show. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** The name a user shows others, trimmed: 1 to 64 characters, none of them a control character. */
export class PublicName extends ValueObject<{ value: string }> {
  static parse(input: string): PublicName {
    const value = input.trim();
    if (value.length === 0 || value.length > PUBLIC_NAME_MAX_LENGTH || CONTROL_CHARACTER.test(value)) {
      throw new InvalidInputError('The public name is not valid', [
        {
          field: 'publicName',
          message: `the public name must be 1 to ${PUBLIC_NAME_MAX_LENGTH} characters after trimming, with no control characters (null clears it)`,
        },
      ]);
    }
    return new PublicName({ value });
  }

  get value(): string {
    return this.props.value;
  }
}
