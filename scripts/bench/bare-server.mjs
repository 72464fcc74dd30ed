/**
 * The bare server, run as its own child process (servers.mjs forks this file).
 *
 * Plain Fastify, no plugins, no logger: the floor the API is compared with. It does the work the
 * API's routes do, in the most direct way: verify the same JWT and look the user up in a Map (and,
 * for PATCH /me, check and trim the name and replace the profile in the Map); hash with argon2id
 * (library defaults, as Argon2PasswordHasher does), check uniqueness in Maps, store.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';

const ALGORITHM = 'HS384';

async function runBareServer() {
  // The same secret as the API's JWT_SECRET_KEY. By default as a KeyObject, made once: given a string,
  // jsonwebtoken first tries to parse it as a PEM public key on every call, and that failed attempt
  // costs far more than the HMAC itself. BENCH_BARE_JWT_KEY=string passes the string instead.
  const secret =
    process.env.BENCH_BARE_JWT_KEY === 'string' ? process.env.BENCH_JWT_SECRET : createSecretKey(Buffer.from(process.env.BENCH_JWT_SECRET));
  const profiles = new Map();
  const idsByUsername = new Map();
  const idsByEmail = new Map();
  const accounts = new Map();
  const problem = (reply, status, title) =>
    reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status });

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.get('/health', async () => ({ status: 'ok' }));

  /** The verified access token's claims, or null once a 401 has been sent. */
  const caller = (request, reply) => {
    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      problem(reply, 401, 'A bearer token is required in the Authorization header');
      return null;
    }
    let claims;
    try {
      claims = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
    } catch {
      problem(reply, 401, 'The token is invalid or has expired');
      return null;
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.sid !== 'string') {
      problem(reply, 401, 'An access token is required');
      return null;
    }
    return claims;
  };

  app.get('/api/v1/me', async (request, reply) => {
    const claims = caller(request, reply);
    if (!claims) return reply;
    const profile = profiles.get(claims.sub);
    if (!profile) {
      return problem(reply, 404, 'User not found');
    }
    return { ...profile, _links: { self: { href: `/api/v1/users/${claims.sub}` } } };
  });

  app.patch('/api/v1/me', async (request, reply) => {
    const claims = caller(request, reply);
    if (!claims) return reply;
    const body = request.body ?? {};
    if (Object.keys(body).some((field) => field !== 'public_name')) {
      return problem(reply, 400, 'Only public_name may be changed');
    }
    const { public_name: name } = body;
    if (name !== undefined && name !== null && (typeof name !== 'string' || name.length < 1 || name.length > 64)) {
      return problem(reply, 400, 'The public name is not valid');
    }
    const publicName = typeof name === 'string' ? name.trim() : name;
    if (publicName === '' || (typeof publicName === 'string' && /\p{Cc}/u.test(publicName))) {
      return problem(reply, 400, 'The public name is not valid');
    }
    const profile = profiles.get(claims.sub);
    if (!profile) {
      return problem(reply, 404, 'User not found');
    }
    if (publicName !== undefined) {
      profiles.set(claims.sub, { ...profile, public_name: publicName });
    }
    return reply.code(202).header('Location', '/api/v1/me').send();
  });

  app.post('/api/v1/users', async (request, reply) => {
    const body = request.body ?? {};
    const { username, email, password } = body;
    if (typeof username !== 'string' || !/^[a-z0-9_]{2,15}$/.test(username.trim().toLowerCase())) {
      return problem(reply, 400, 'The username is not valid');
    }
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return problem(reply, 400, 'The e-mail address is not valid');
    }
    if (typeof password !== 'string' || password.length < 8 || password.length > 96) {
      return problem(reply, 400, 'The password is not acceptable');
    }
    const name = username.trim().toLowerCase();
    const canonicalEmail = email.trim().toLowerCase();
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    if (idsByUsername.has(name) || idsByEmail.has(canonicalEmail)) {
      return problem(reply, 409, 'That username or e-mail address is taken');
    }
    const id = randomUUID();
    idsByUsername.set(name, id);
    idsByEmail.set(canonicalEmail, id);
    accounts.set(id, {
      id,
      username: name,
      email: email.trim(),
      email_canonical: canonicalEmail,
      password_hash: passwordHash,
      state: 'pending',
      created_at: new Date(),
    });
    return reply.code(201).header('Location', `/api/v1/users/${id}`).send();
  });

  process.on('message', (message) => {
    if (message?.type === 'seed') {
      profiles.set(message.profile.id, message.profile);
      process.send({ type: 'seeded' });
    }
  });
  // The parent went away (even if it was killed): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => app.close().finally(() => process.exit(0)));

  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ type: 'listening', port: app.server.address().port });
}

await runBareServer();
