/**
 * The file scenarios: uploading and downloading one large file through the API (encrypted into local
 * storage, decrypted back), beside a bare Node `http` server that streams the same bytes to and from
 * the same disk without encryption; and the flat-memory check, which sends a file many times larger
 * than the API's heap through an API given a small heap.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitForQuiet } from './cpu.mjs';
import { log } from './log.mjs';
import { round } from './round.mjs';
import { startApi } from './servers.mjs';
import { signUpAndLogIn } from './sign-up.mjs';

const BARE_FILE_SERVER_ENTRY = fileURLToPath(new URL('./bare-file-server.mjs', import.meta.url));
const MEBIBYTE = 1024 * 1024;
/** What a client sends: one random mebibyte over and over, made once, so sending costs the client nothing. */
const BLOCK = randomBytes(MEBIBYTE);

export async function startBareFiles(tempDir) {
  const child = fork(BARE_FILE_SERVER_ENTRY, [], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', BENCH_BARE_STORAGE_DIR: join(tempDir, 'bare-storage') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the bare file server exited (code ${code}) before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/**
 * Upload then download of a `sizeBytes` file on each side, `rounds` times in ABBA order, each
 * download checked against the upload by SHA-256. Throughput is the file's size over the time from
 * the request's first byte to the answer's last; peak RSS is the most the server process held
 * during the transfer (sampled every 20 ms), beside what it held just before.
 */
export async function compareFiles({ api, bare, account, sizeBytes, rounds }) {
  const sides = {
    api: {
      pid: api.child.pid,
      upload: async () => {
        const created = await call(api.url, 'POST', '/api/v1/assets', {
          headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            title: 'Bench file',
            file_name: 'bench.bin',
            file_type: 'application/octet-stream',
            file_size_bytes: sizeBytes,
          }),
        });
        expectStatus(created, 201, 'POST /api/v1/assets');
        const uploadUrl = created.headers.location;
        const id = /\/assets\/([^/]+)\/file/.exec(uploadUrl)[1];
        const sent = await put(api.url, uploadUrl, sizeBytes, {
          authorization: `Bearer ${account.accessToken}`,
          'content-type': 'application/octet-stream',
          'content-disposition': 'attachment; filename="bench.bin"',
        });
        return { ...sent, path: `/api/v1/assets/${id}/file` };
      },
      download: (path) => get(api.url, path, { authorization: `Bearer ${account.accessToken}` }),
    },
    bare: {
      pid: bare.child.pid,
      upload: async () => ({ ...(await put(bare.url, '/files/bench.bin', sizeBytes, {})), path: '/files/bench.bin' }),
      download: (path) => get(bare.url, path, {}),
    },
  };
  const pids = { api: api.child.pid, bare: bare.child.pid };
  const runs = { api: [], bare: [] };
  const order = Array.from({ length: rounds }, (_, index) => (index % 2 === 0 ? ['api', 'bare'] : ['bare', 'api'])).flat();
  for (const side of order) {
    const { pid, upload, download } = sides[side];
    await waitForQuiet(pids);
    log(`files on ${side}: upload and download of ${sizeBytes / MEBIBYTE} MiB (round ${runs[side].length + 1}/${rounds})`);
    const uploaded = await whileSampling(pid, upload);
    expectStatus(uploaded.result, 201, `PUT on ${side}`);
    await waitForQuiet(pids);
    const downloaded = await whileSampling(pid, () => download(uploaded.result.path));
    expectStatus(downloaded.result, 200, `GET on ${side}`);
    if (downloaded.result.bytes !== sizeBytes || downloaded.result.sha256 !== uploaded.result.sha256) {
      throw new Error(`${side}: the download (${downloaded.result.bytes} bytes) is not the file uploaded (${sizeBytes} bytes)`);
    }
    runs[side].push({
      uploadMiBps: round(sizeBytes / MEBIBYTE / (uploaded.result.ms / 1000), 1),
      downloadMiBps: round(sizeBytes / MEBIBYTE / (downloaded.result.ms / 1000), 1),
      rssBeforeMiB: uploaded.rssBeforeMiB,
      uploadPeakRssMiB: uploaded.peakRssMiB,
      downloadPeakRssMiB: downloaded.peakRssMiB,
    });
  }
  const summary = (side) => {
    const sideRuns = runs[side];
    const median = (field) => medianOf(sideRuns.map((run) => run[field]));
    return {
      uploadMiBps: median('uploadMiBps'),
      downloadMiBps: median('downloadMiBps'),
      rssBeforeMiB: Math.max(...sideRuns.map((run) => run.rssBeforeMiB)),
      peakRssMiB: Math.max(...sideRuns.flatMap((run) => [run.uploadPeakRssMiB, run.downloadPeakRssMiB])),
      rounds: sideRuns,
    };
  };
  const [apiSummary, bareSummary] = [summary('api'), summary('bare')];
  return {
    kind: 'files',
    title: `PUT/GET a ${sizeBytes / MEBIBYTE} MiB file`,
    sizeBytes,
    api: apiSummary,
    bare: bareSummary,
    ratio: {
      upload: round(apiSummary.uploadMiBps / bareSummary.uploadMiBps, 2),
      download: round(apiSummary.downloadMiBps / bareSummary.downloadMiBps, 2),
      peakRss: round(apiSummary.peakRssMiB / bareSummary.peakRssMiB, 2),
    },
  };
}

/**
 * An API of its own with a `heapMiB` heap (--max-old-space-size) takes a file `multiple` times that
 * size and gives it back: the bytes are checked by SHA-256 as they stream, never held.
 */
export async function flatMemory({ entry, tempDir, heapMiB, multiple }) {
  const sizeBytes = heapMiB * multiple * MEBIBYTE;
  const ownDir = join(tempDir, 'flat-memory');
  const mailDir = join(ownDir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  const api = await startApi({
    entry,
    tempDir: ownDir,
    mailDir,
    logLevel: 'warn',
    nodeArgs: [`--max-old-space-size=${heapMiB}`],
    extraEnv: { MAX_UPLOAD_BYTES: String(sizeBytes), STORAGE_QUOTA_MB: String(2 * heapMiB * multiple) },
  });
  try {
    log(`flat memory: API with --max-old-space-size=${heapMiB} up (pid ${api.child.pid}); sending ${sizeBytes / MEBIBYTE} MiB`);
    const account = await signUpAndLogIn(api, mailDir);
    const created = await call(api.url, 'POST', '/api/v1/assets', {
      headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Flat memory',
        file_name: 'big.bin',
        file_type: 'application/octet-stream',
        file_size_bytes: sizeBytes,
      }),
    });
    expectStatus(created, 201, 'POST /api/v1/assets');
    const uploadUrl = created.headers.location;
    const uploaded = await whileSampling(api.child.pid, () =>
      put(api.url, uploadUrl, sizeBytes, {
        authorization: `Bearer ${account.accessToken}`,
        'content-type': 'application/octet-stream',
        'content-disposition': 'attachment; filename="big.bin"',
      }),
    );
    expectStatus(uploaded.result, 201, 'PUT the large file');
    const downloaded = await whileSampling(api.child.pid, () =>
      get(api.url, uploadUrl.split('?')[0], { authorization: `Bearer ${account.accessToken}` }),
    );
    expectStatus(downloaded.result, 200, 'GET the large file');
    const intact = downloaded.result.bytes === sizeBytes && downloaded.result.sha256 === uploaded.result.sha256;
    if (!intact) throw new Error(`flat memory: the download (${downloaded.result.bytes} bytes) is not the file uploaded`);
    if (api.child.exitCode !== null || api.child.signalCode !== null) throw new Error('flat memory: the API died');
    return {
      kind: 'memory',
      title: `PUT/GET ${sizeBytes / MEBIBYTE} MiB through an API with a ${heapMiB} MiB heap`,
      heapMiB,
      sizeBytes,
      intact,
      uploadMiBps: round(sizeBytes / MEBIBYTE / (uploaded.result.ms / 1000), 1),
      downloadMiBps: round(sizeBytes / MEBIBYTE / (downloaded.result.ms / 1000), 1),
      rssBeforeMiB: uploaded.rssBeforeMiB,
      peakRssMiB: Math.max(uploaded.peakRssMiB, downloaded.peakRssMiB),
    };
  } catch (error) {
    error.details ??= api.apiLog();
    throw error;
  } finally {
    api.child.kill('SIGTERM');
  }
}

/** `sizeBytes` of BLOCK, hashed as they go out, with the answer's status and the time it all took. */
function put(url, path, sizeBytes, headers) {
  const hash = createHash('sha256');
  const body = Readable.from(
    (function* () {
      for (let sent = 0; sent < sizeBytes; sent += BLOCK.length) {
        const block = BLOCK.subarray(0, Math.min(BLOCK.length, sizeBytes - sent));
        hash.update(block);
        yield block;
      }
    })(),
  );
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const put = request(
      `${url}${path}`,
      { method: 'PUT', headers: { ...headers, 'content-length': String(sizeBytes) }, agent: false },
      (answer) => {
        answer.resume();
        answer.on('end', () =>
          resolve({ status: answer.statusCode, ms: performance.now() - started, sha256: hash.digest('hex'), text: '' }),
        );
      },
    );
    put.on('error', reject);
    body.pipe(put);
  });
}

/** The answer's bytes, counted and hashed as they come, never held. */
function get(url, path, headers) {
  const hash = createHash('sha256');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const get = request(`${url}${path}`, { headers, agent: false }, (answer) => {
      let bytes = 0;
      answer.on('data', (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      answer.on('end', () =>
        resolve({ status: answer.statusCode, ms: performance.now() - started, bytes, sha256: hash.digest('hex'), text: '' }),
      );
      answer.on('error', reject);
    });
    get.on('error', reject);
    get.end();
  });
}

function call(url, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const sent = request(`${url}${path}`, { method, headers, agent: false }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode, headers: answer.headers, text: Buffer.concat(chunks).toString() }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Runs `work` while sampling the process's resident memory every 20 ms. */
async function whileSampling(pid, work) {
  const rssBeforeMiB = rssMiB(pid);
  let peakRssMiB = rssBeforeMiB;
  const timer = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB(pid))), 20);
  try {
    const result = await work();
    return { result, rssBeforeMiB, peakRssMiB: Math.max(peakRssMiB, rssMiB(pid)) };
  } finally {
    clearInterval(timer);
  }
}

function rssMiB(pid) {
  try {
    const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return round(kib / 1024, 1);
  } catch {
    return 0;
  }
}

function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2, 1);
}

function expectStatus(answer, status, what) {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${answer.text.slice(0, 300)}`);
}
