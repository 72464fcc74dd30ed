import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, registerAndActivate } from '../support/users-client';

describe('Changing one’s public name (PATCH /api/v1/me)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  async function signedIn() {
    const { id, registration } = await registerAndActivate(app);
    const tokens = await logIn(app, registration);
    return { id, tokens, bearer: `Bearer ${tokens.access_token}` };
  }
  const patchMe = (bearer: string, body: object) => app.http().patch('/api/v1/me').set('Authorization', bearer).send(body);
  const publicNameOf = async (bearer: string) =>
    (await app.http().get('/api/v1/me').set('Authorization', bearer).expect(200)).body.public_name;

  it('answers 202 with Location /api/v1/me and no body, and the profile shows the trimmed name', async () => {
    const { bearer } = await signedIn();

    const response = await patchMe(bearer, { public_name: '  Ada Lovelace ' });

    expect(response.status).toBe(202);
    expect(response.headers.location).toBe('/api/v1/me');
    expect(response.text).toBe('');
    expect(await publicNameOf(bearer)).toBe('Ada Lovelace');
  });

  it('clears the name with null, and leaves it as it is when the field is left out', async () => {
    const { bearer } = await signedIn();
    await patchMe(bearer, { public_name: 'Ada' }).expect(202);

    await patchMe(bearer, {}).expect(202);
    expect(await publicNameOf(bearer)).toBe('Ada');

    await patchMe(bearer, { public_name: null }).expect(202);
    expect(await publicNameOf(bearer)).toBeNull();
  });

  it.each([
    ['blank after trimming', { public_name: '   ' }],
    ['longer than 64 characters', { public_name: 'x'.repeat(65) }],
    ['empty', { public_name: '' }],
    ['with a line break', { public_name: 'Ada\nVisit example.com' }],
    ['not a string', { public_name: 42 }],
  ])('refuses a name %s with 400 naming public_name, and keeps the old one', async (_, body) => {
    const { bearer } = await signedIn();
    await patchMe(bearer, { public_name: 'Ada' }).expect(202);

    const response = await patchMe(bearer, body);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(new Set((response.body.errors as Array<{ field: string }>).map((error) => error.field))).toEqual(new Set(['public_name']));
    expect(await publicNameOf(bearer)).toBe('Ada');
  });

  it('refuses fields other than public_name', async () => {
    const { bearer } = await signedIn();

    const response = await patchMe(bearer, { public_name: 'Ada', roles: ['admin'] });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'roles' })]);
    expect(await publicNameOf(bearer)).toBeNull();
  });

  it('answers 401 to a refresh token used as a bearer token, and to no token, and changes nothing', async () => {
    const { tokens, bearer } = await signedIn();

    const withRefresh = await patchMe(`Bearer ${tokens.refresh_token}`, { public_name: 'Mallory' });
    expect(withRefresh.status).toBe(401);
    expect(withRefresh.headers['content-type']).toContain('application/problem+json');
    expect((await app.http().patch('/api/v1/me').send({ public_name: 'Mallory' })).status).toBe(401);
    expect(await publicNameOf(bearer)).toBeNull();
  });

  it('changes only the caller’s own profile', async () => {
    const [first, second] = [await signedIn(), await signedIn()];

    await patchMe(first.bearer, { public_name: 'First' }).expect(202);

    expect(await publicNameOf(second.bearer)).toBeNull();
  });

  itRacing('two changes at once both answer 202, and the profile ends with one of them', async () => {
    const { bearer } = await signedIn();

    const responses = await Promise.all([patchMe(bearer, { public_name: 'Ada' }), patchMe(bearer, { public_name: 'Grace' })]);

    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    expect(['Ada', 'Grace']).toContain(await publicNameOf(bearer));
  });
});
