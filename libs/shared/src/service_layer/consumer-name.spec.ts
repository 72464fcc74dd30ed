import { describe, expect, it } from '@jest/globals';
import { CONSUMER_NAME, contextOfConsumerName } from './consumer-name';

describe('consumer names', () => {
  it.each([
    ['users.activation-email', 'users'],
    ['assets.release-emails', 'assets'],
    ['board-2.notices.daily', 'board-2'],
  ])('reads the context of %s', (name, context) => {
    expect(CONSUMER_NAME.test(name)).toBe(true);
    expect(contextOfConsumerName(name)).toBe(context);
  });

  it.each([
    'users',
    'users.',
    '.activation-email',
    'users..activation-email',
    'Users.activation-email',
    'users.activation_email',
    '1users.x',
  ])('refuses %s', (name) => {
    expect(CONSUMER_NAME.test(name)).toBe(false);
    expect(() => contextOfConsumerName(name)).toThrow(`A consumer's name must be <context>.<purpose>`);
  });
});
