import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetCreated } from '../support/assets-client';
import { bearer, member } from '../support/keeps-client';
import { uniqueDatabaseName } from '../support/mongo-replica-set';
import { startTestApp } from '../support/test-app';

const OLD_KEK = randomBytes(32).toString('base64');
const NEW_KEK = randomBytes(32).toString('base64');
const CLI_TIMEOUT_MS = 120_000;

/** `npm run cli -- <args>` as an operator runs it, with `environment` over this process's own. */
function cli(args: string[], environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, ENVIRONMENT: 'dev', LOG_LEVEL: 'silent', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

// What needs no database runs once, on the embedded lane.
const onEmbeddedDefault = process.env.MONGODB_URL ? describe.skip : describe;

onEmbeddedDefault('npm run cli', () => {
  it(
    'lists its commands when none is named, and refuses keys:rewrap on the embedded default',
    async () => {
      const usage = await cli([], { MONGODB_URL: '' });
      expect(usage.code).toBe(2);
      expect(usage.output).toContain('keys:rewrap');

      const refused = await cli(['keys:rewrap'], { MONGODB_URL: '' });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('set MONGODB_URL');
    },
    CLI_TIMEOUT_MS,
  );
});

// The API and the command must share a database, so this needs MongoDB: the wire lane's server.
const onMongo = process.env.MONGODB_URL ? describe : describe.skip;
if (!process.env.MONGODB_URL) {
  console.warn('skipped: keys:rewrap against stored assets needs MongoDB; it runs in `npm run test:e2e:wire`');
}

onMongo('npm run cli -- keys:rewrap, after a KEK rotation', () => {
  let storageDirectory: string;
  let database: string;

  beforeAll(async () => {
    storageDirectory = await mkdtemp(join(tmpdir(), 'keepem-rewrap-'));
    const url = new URL(process.env.MONGODB_URL!);
    url.pathname = `/${uniqueDatabaseName('rewrap')}`;
    database = url.toString();
  });
  afterAll(() => rm(storageDirectory, { recursive: true, force: true }));

  /** The API on the shared database and storage, with the KEKs of the moment. */
  const api = (keys: string) =>
    startTestApp({ MONGODB_URL: database, STORAGE_DIR: storageDirectory, DATA_KEY_ENCRYPTION_KEY: '', DATA_KEY_ENCRYPTION_KEYS: keys });

  it(
    're-wraps every data key, so files stay readable once the old KEK is dropped',
    async () => {
      const bytes = randomBytes(200_000);
      const before = await api(`default:${OLD_KEK}`);
      const owner = await member(before);
      const { id, uploadUrl } = await assetCreated(before, owner, {
        file_name: 'letter.bin',
        file_type: 'application/octet-stream',
        file_size_bytes: bytes.length,
      });
      const upload = await before
        .http()
        .put(uploadUrl)
        .set('Authorization', bearer(owner))
        .set('Content-Type', 'application/octet-stream')
        .set('Content-Disposition', 'attachment; filename="letter.bin"')
        .send(bytes);
      expect(upload.status).toBe(201);
      await before.close();

      const rewrap = await cli(['keys:rewrap'], {
        MONGODB_URL: database,
        DATA_KEY_ENCRYPTION_KEYS: `2027-01:${NEW_KEK},default:${OLD_KEK}`,
      });
      expect(rewrap.output).toContain('Re-wrapped 1 data keys with the current KEK "2027-01".');
      expect(rewrap.output).toContain('No data key needs default any more');
      expect(rewrap.code).toBe(0);

      const after = await api(`2027-01:${NEW_KEK}`);
      try {
        const download = await after
          .http()
          .get(`/api/v1/assets/${id}/file`)
          .set('Authorization', bearer(owner))
          .buffer(true)
          .parse((response, done) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => done(null, Buffer.concat(chunks)));
          });
        expect(download.status).toBe(200);
        expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);
      } finally {
        await after.close();
      }
    },
    CLI_TIMEOUT_MS,
  );
});
