import { InvalidInputError } from '@keepem/shared/domain';

/** Control characters (line breaks among them) have no place in a one-line label. */
const CONTROL_CHARACTER = /\p{Cc}/u;

interface TextRule {
  field: string;
  what: string;
  maxLength: number;
  /** Multi-line text (a description) may hold line breaks and tabs. */
  multiline?: boolean;
}

/** Trimmed text within its rule; blank is no text at all. */
export function optionalText(input: string | null | undefined, rule: TextRule): string | null {
  const value = input?.trim() ?? '';
  if (value.length > rule.maxLength) {
    throw new InvalidInputError(`The ${rule.what} is too long`, [
      { field: rule.field, message: `${rule.what} must be at most ${rule.maxLength} characters` },
    ]);
  }
  // A lone surrogate is no character: UTF-8 cannot hold one, so MongoDB would store U+FFFD in its
  // place, and no upload could match a file name holding one (a sent name is decoded from UTF-8).
  if (!value.isWellFormed()) {
    throw new InvalidInputError(`The ${rule.what} is not well-formed Unicode text`, [
      { field: rule.field, message: `${rule.what} must be well-formed Unicode text (it has a lone surrogate)` },
    ]);
  }
  const forbidden = rule.multiline ? /[^\P{Cc}\n\r\t]/u : CONTROL_CHARACTER;
  if (forbidden.test(value)) {
    throw new InvalidInputError(`The ${rule.what} holds control characters`, [
      { field: rule.field, message: `${rule.what} must not hold control characters` },
    ]);
  }
  return value || null;
}

/** Trimmed text within its rule that may not be blank. */
export function requiredText(input: string, rule: TextRule): string {
  const value = optionalText(input, rule);
  if (value === null) {
    throw new InvalidInputError(`The ${rule.what} is empty`, [{ field: rule.field, message: `${rule.what} must not be blank` }]);
  }
  return value;
}

/** A set of labels: each trimmed and within its rule, blanks dropped, duplicates kept once, in the order first given. */
export function textSet(inputs: readonly string[], rule: TextRule & { maxItems: number; normalize?: (value: string) => string }): string[] {
  const values = inputs.map((input) => optionalText(input, rule)).filter((value): value is string => value !== null);
  const unique = [...new Set(values.map(rule.normalize ?? ((value) => value)))];
  if (unique.length > rule.maxItems) {
    throw new InvalidInputError(`Too many ${rule.what}s`, [{ field: rule.field, message: `at most ${rule.maxItems} ${rule.what}s` }]);
  }
  return unique;
}
