import { describe, expect, it } from '@jest/globals';
import { operationId } from './swagger';

describe('operationId', () => {
  it('joins the context and the method in camel case, without the underscore Swagger UI deep links refuse', () => {
    expect(operationId('UsersHttpController', 'register')).toBe('usersRegister');
    expect(operationId('OutboxAdminHttpController', 'retry')).toBe('outboxAdminRetry');
    expect(operationId('MeHttpController', 'profile')).toBe('meProfile');
  });
});
