import { describe, expect, it } from '@jest/globals';
import { keepTheAccessTokenOnly, type OAuth2Authorization, operationId } from './swagger';

describe('operationId', () => {
  it('joins the context and the method in camel case, without the underscore Swagger UI deep links refuse', () => {
    expect(operationId('UsersHttpController', 'register')).toBe('usersRegister');
    expect(operationId('OutboxAdminHttpController', 'retry')).toBe('outboxAdminRetry');
    expect(operationId('MeHttpController', 'profile')).toBe('meProfile');
  });
});

describe('keepTheAccessTokenOnly (a Swagger UI plugin)', () => {
  it('hands Swagger UI the user name and the access token, and nothing to persist that it should not', () => {
    const kept: OAuth2Authorization[] = [];
    const authorizeOauth2 = keepTheAccessTokenOnly().statePlugins.auth.wrapActions.authorizeOauth2((authorization) => {
      kept.push(authorization);
      return authorization;
    });

    authorizeOauth2({
      auth: {
        name: 'access-token',
        username: 'ada@example.com',
        password: 'correct horse battery',
        clientId: 'docs',
        clientSecret: 's3cret',
      },
      token: { access_token: 'access.jwt', refresh_token: 'refresh.jwt', token_type: 'Bearer', expires_in: 900 },
    });

    expect(kept).toEqual([
      {
        auth: { name: 'access-token', username: 'ada@example.com', clientId: 'docs' },
        token: { access_token: 'access.jwt', token_type: 'Bearer', expires_in: 900 },
      },
    ]);
  });
});
