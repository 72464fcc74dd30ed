import { describe, expect, it } from '@jest/globals';
import { apiFieldName } from './api-field-names';

describe('apiFieldName', () => {
  it.each([
    ['referralCode', 'referral_code'],
    ['publicName', 'public_name'],
    ['file.sizeBytes', 'file.size_bytes'],
    ['email', 'email'],
    ['public_name', 'public_name'],
    ['ADMIN_EMAIL', 'ADMIN_EMAIL'],
  ])('gives %s the API name %s', (field, name) => {
    expect(apiFieldName(field)).toBe(name);
  });

  it('takes a context’s own name for a field over the snake_case spelling', () => {
    expect(apiFieldName('activationToken', { activationToken: 'token' })).toBe('token');
  });
});
