/**
 * The sign-up flow, through the public HTTP API: register, follow the activation link from the
 * e-mail, log in, read /me. Then the check that the bare server answers as the API does.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { waitFor } from './servers.mjs';

export const PASSWORD = 'correct horse battery staple';

export async function signUpAndLogIn(api, mailDir) {
  const username = `bench_${randomUUID().slice(0, 8)}`;
  const email = `${username}@bench.example.com`;
  const registered = await request(api.url, 'POST', '/api/v1/users', { username, email, password: PASSWORD });
  expectStatus(registered, 201, 'POST /api/v1/users');

  const activationPath = await waitFor(() => findActivationPath(mailDir, email), {
    child: api.child,
    what: `the activation e-mail for ${email} in ${mailDir}`,
    timeoutMs: 30_000,
  });
  expectStatus(await request(api.url, 'GET', activationPath), 200, 'GET the activation link');

  const login = await request(api.url, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
  expectStatus(login, 200, 'POST /api/v1/auth/login');
  const accessToken = login.json?.access_token;
  if (typeof accessToken !== 'string') throw new Error(`login answered without an access_token: ${login.text.slice(0, 200)}`);

  const me = await request(api.url, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${accessToken}` });
  expectStatus(me, 200, 'GET /api/v1/me');
  return { accessToken, profile: me.json };
}

/** The activation link from the .eml the log mailer wrote (quoted-printable, so soft breaks and =3D decoded). */
function findActivationPath(mailDir, email) {
  for (const name of readdirSync(mailDir).filter((file) => file.endsWith('.eml'))) {
    const raw = readFileSync(join(mailDir, name), 'utf8');
    if (!raw.toLowerCase().includes(`to: ${email}`)) continue;
    const decoded = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    const match = /\/api\/v1\/users\/activate\?token=[A-Za-z0-9_.-]+/.exec(decoded);
    if (match) return match[0];
  }
  return null;
}

/**
 * Before measuring, both sides must answer alike: PATCH /me with a 202, a Location and no body, the
 * same JSON for /me with the same token afterwards (so both stored the trimmed name), both refusing
 * a token signed with another secret, and the bare side registering a user with a 201.
 */
export async function checkSameBehaviour(api, bare, account) {
  const auth = { authorization: `Bearer ${account.accessToken}` };
  for (const [name, server] of [
    ['api', api],
    ['bare', bare],
  ]) {
    const patched = await request(server.url, 'PATCH', '/api/v1/me', { public_name: '  Bench Checked  ' }, auth);
    expectStatus(patched, 202, `${name} PATCH /api/v1/me`);
    if (patched.headers.get('location') !== '/api/v1/me' || patched.text !== '')
      throw new Error(`${name} PATCH /api/v1/me must answer with Location /api/v1/me and no body`);
  }
  const fromApi = await request(api.url, 'GET', '/api/v1/me', undefined, auth);
  const fromBare = await request(bare.url, 'GET', '/api/v1/me', undefined, auth);
  expectStatus(fromBare, 200, 'bare GET /api/v1/me');
  if (!isDeepStrictEqual(fromApi.json, fromBare.json)) {
    throw new Error(`the bare /me answers differently from the API:\n  api:  ${fromApi.text}\n  bare: ${fromBare.text}`);
  }
  const [header, payload] = account.accessToken.split('.');
  const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
  for (const [name, server] of [
    ['api', api],
    ['bare', bare],
  ]) {
    const refused = await request(server.url, 'GET', '/api/v1/me', undefined, { authorization: `Bearer ${forged}` });
    expectStatus(refused, 401, `${name} GET /api/v1/me with a forged token`);
    const refusedPatch = await request(server.url, 'PATCH', '/api/v1/me', { public_name: 'Forged' }, { authorization: `Bearer ${forged}` });
    expectStatus(refusedPatch, 401, `${name} PATCH /api/v1/me with a forged token`);
  }
  const username = `check_${randomUUID().slice(0, 8)}`;
  const created = await request(bare.url, 'POST', '/api/v1/users', {
    username,
    email: `${username}@bench.example.com`,
    password: PASSWORD,
  });
  expectStatus(created, 201, 'bare POST /api/v1/users');
  if (!created.headers.get('location') || created.text !== '')
    throw new Error('bare POST /api/v1/users must answer with a Location and no body');
}

async function request(base, method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function expectStatus(response, status, what) {
  if (response.status !== status)
    throw new Error(`${what} answered ${response.status}, expected ${status}: ${response.text.slice(0, 300)}`);
}
