import { InvalidInputError, ValueObject } from '@keepem/shared/domain';

const USERNAME = /^[a-z0-9_]{2,15}$/;

/** Trimmed and lowercased before the rule is checked, so "  Ada_L " and "ada_l" are one name. */
export class Username extends ValueObject<{ value: string }> {
  static parse(input: string): Username {
    const value = input.trim().toLowerCase();
    if (!USERNAME.test(value)) {
      throw new InvalidInputError('The username is not valid', [
        { field: 'username', message: 'username must be 2 to 15 letters, digits or underscores' },
      ]);
    }
    return new Username({ value });
  }

  get value(): string {
    return this.props.value;
  }
}
