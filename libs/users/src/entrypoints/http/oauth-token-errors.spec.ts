import { describe, expect, it } from '@jest/globals';
import { problemDetails } from '@keepem/shared/http';
import { oauthErrorMembers } from './oauth-token-errors';

const problem = (status: number, detail: string, fields: string[] = []) =>
  problemDetails(
    status,
    detail,
    'request-1',
    '/api/v1/auth/login',
    fields.map((field) => ({ field, message: `${field} is wrong` })),
  );

describe('oauthErrorMembers (RFC 6749 §5.2)', () => {
  it('names the OAuth2 error of each way a token request fails', () => {
    const cases: Array<[ReturnType<typeof problem>, string]> = [
      [problem(400, 'The request is not valid', ['grant_type']), 'unsupported_grant_type'],
      [problem(400, 'The request is not valid', ['grant_type', 'username']), 'unsupported_grant_type'],
      [problem(400, 'The requested scope is not allowed for this account', ['scope']), 'invalid_scope'],
      [problem(400, 'The request is not valid', ['username', 'password']), 'invalid_request'],
      [problem(400, 'Body is not valid JSON'), 'invalid_request'],
      [problem(401, 'The e-mail address or the password is wrong'), 'invalid_grant'],
      [problem(403, 'This account is not activated yet'), 'invalid_grant'],
      [problem(413, 'Request body is too large'), 'invalid_request'],
      [problem(415, 'Unsupported Media Type'), 'invalid_request'],
      [problem(429, 'Too many login attempts; try again in 42 s'), 'temporarily_unavailable'],
      [problem(500, 'An unexpected error occurred; it has been logged'), 'server_error'],
      [problem(503, 'Too many passwords are being checked; try again in 2 s'), 'temporarily_unavailable'],
    ];
    for (const [failure, error] of cases) {
      expect({ status: failure.status, fields: failure.errors, error: oauthErrorMembers(failure).error }).toEqual({
        status: failure.status,
        fields: failure.errors,
        error,
      });
    }
  });

  it('describes the failure with its detail and field messages, in the characters RFC 6749 allows', () => {
    expect(oauthErrorMembers(problem(400, 'The request is not valid', ['username', 'password'])).error_description).toBe(
      'The request is not valid: username is wrong; password is wrong',
    );
    expect(oauthErrorMembers(problem(403, 'The caller’s account is "disabled" \\ é')).error_description).toBe(
      'The caller?s account is ?disabled? ? ?',
    );
  });
});
