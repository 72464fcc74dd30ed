import { expect } from '@jest/globals';

/** Asserts that building some settings stops with the configuration message, one line naming each variable. */
export function expectEachVariableNamed(build: () => unknown, variables: readonly string[]): void {
  expect(build).toThrow(/^Invalid configuration:\n/);
  for (const variable of variables) {
    expect(build).toThrow(new RegExp(`\\n {2}${variable}: `));
  }
}
