/**
 * The `cipher` scenario: the raw throughput of the file cipher's chunk format (docs/file-encryption.md),
 * taken from the build in dist/, over a file streamed through memory, beside baselines doing less in
 * the same run:
 *
 *   passthrough          the same stream through a PassThrough: what the stream machinery alone costs
 *   single-shot encrypt  one AES-256-GCM encryption over the whole stream: the cipher's own cost
 *   chunked encrypt      ChunkedFileCipher.encryptor: a sealed chunk every 64 KiB
 *   single-shot decrypt  one AES-256-GCM decryption over the whole stream (its plaintext flows out
 *                        before the tag at the end is checked: what the chunks are there to avoid)
 *   chunked decrypt      ChunkedFileCipher.decrypt of the whole file through its range reader
 *
 * The source hands on 64 KiB pieces, as a file stream or an HTTP body does; the stored file is read
 * back in 64 KiB pieces too. Everything runs in this process, one variant at a time, before any
 * server starts, in rounds taken in alternating order; each variant's figures are the medians of its
 * rounds, in MiB per second of wall-clock time and per second of this process's CPU time.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { log } from './log.mjs';
import { ROOT } from './paths.mjs';
import { round } from './round.mjs';

const require = createRequire(import.meta.url);
const ENCRYPTION = join(ROOT, 'dist', 'libs', 'assets', 'src', 'adapters', 'encryption');
const PIECE_BYTES = 64 * 1024;
const MIB = 2 ** 20;

/** `totalBytes` of `pattern`, a piece at a time, as a file or request stream hands them on. */
function source(pattern, totalBytes) {
  let left = totalBytes;
  let offset = 0;
  return new Readable({
    highWaterMark: PIECE_BYTES,
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const size = Math.min(PIECE_BYTES, left, pattern.length - offset);
      this.push(pattern.subarray(offset, offset + size));
      left -= size;
      offset = (offset + size) % pattern.length;
    },
  });
}

/** Counts what reaches it, or keeps it when `kept` is given. */
function sink(kept) {
  const sink = new Writable({
    highWaterMark: PIECE_BYTES,
    write(chunk, _encoding, done) {
      sink.bytes += chunk.length;
      kept?.push(chunk);
      done();
    },
  });
  sink.bytes = 0;
  return sink;
}

/** A stored object served in 64 KiB pieces, the way the storage adapters hand a range on. */
function rangeReader(stored) {
  return async ({ start, end }) => source(stored.subarray(start, end + 1), Math.min(end + 1, stored.length) - start);
}

function singleShotEncryptor(key, nonce) {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  return new Transform({
    transform: (chunk, _encoding, done) => done(null, cipher.update(chunk)),
    flush(done) {
      cipher.final();
      done(null, cipher.getAuthTag());
    },
  });
}

/** Decrypts `stored` (ciphertext, then the 16-byte tag), checking the tag only at the end. */
function singleShotDecryption(key, nonce, stored) {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(stored.subarray(stored.length - 16));
  return source(stored.subarray(0, stored.length - 16), stored.length - 16).pipe(
    new Transform({
      transform: (chunk, _encoding, done) => done(null, decipher.update(chunk)),
      flush(done) {
        decipher.final();
        done();
      },
    }),
  );
}

async function timed(run) {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const bytes = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, bytes, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export async function measureCipher(settings) {
  const { AesGcmDataKeyWrapper } = require(join(ENCRYPTION, 'aes-gcm-data-key.wrapper.js'));
  const { ChunkedFileCipher } = require(join(ENCRYPTION, 'chunked-file.cipher.js'));
  const dataKeys = new AesGcmDataKeyWrapper({ current: 'bench', keys: new Map([['bench', randomBytes(32)]]) });
  const cipher = new ChunkedFileCipher(dataKeys);
  const dataKey = dataKeys.generate();
  const gcmKey = randomBytes(32);
  const gcmNonce = randomBytes(12);
  const totalBytes = settings.cipherMiB * MIB;
  const pattern = randomBytes(4 * MIB);

  log(`cipher: preparing ${settings.cipherMiB} MiB of each ciphertext to decrypt`);
  const chunked = [];
  await pipeline(source(pattern, totalBytes), cipher.encryptor(dataKey), sink(chunked));
  const chunkedStored = Buffer.concat(chunked);
  chunked.length = 0;
  const single = [];
  await pipeline(source(pattern, totalBytes), singleShotEncryptor(gcmKey, gcmNonce), sink(single));
  const singleStored = Buffer.concat(single);
  single.length = 0;
  if (chunkedStored.length !== cipher.encryptedSize(totalBytes)) {
    throw new Error(`the chunked format took ${chunkedStored.length} bytes, not the ${cipher.encryptedSize(totalBytes)} it announces`);
  }
  const sample = [];
  await pipeline(cipher.decrypt(dataKey, totalBytes, rangeReader(chunkedStored), { start: 0, end: pattern.length - 1 }), sink(sample));
  if (!Buffer.concat(sample).equals(pattern)) throw new Error('the chunked format did not give back what was encrypted');

  const variants = {
    passthrough: async () => {
      const out = sink();
      await pipeline(source(pattern, totalBytes), new PassThrough(), out);
      return out.bytes;
    },
    'single-shot encrypt': async () => {
      const out = sink();
      await pipeline(source(pattern, totalBytes), singleShotEncryptor(gcmKey, gcmNonce), out);
      return totalBytes;
    },
    'chunked encrypt': async () => {
      const out = sink();
      await pipeline(source(pattern, totalBytes), cipher.encryptor(dataKey), out);
      return totalBytes;
    },
    'single-shot decrypt': async () => {
      const out = sink();
      await pipeline(singleShotDecryption(gcmKey, gcmNonce, singleStored), out);
      return out.bytes;
    },
    'chunked decrypt': async () => {
      const out = sink();
      await pipeline(cipher.decrypt(dataKey, totalBytes, rangeReader(chunkedStored)), out);
      return out.bytes;
    },
  };
  const names = Object.keys(variants);
  log('cipher: warming up');
  for (const name of [...names, ...names]) {
    await variants[name]();
  }
  const rounds = Object.fromEntries(names.map((name) => [name, []]));
  for (let index = 0; index < settings.cipherRounds; index++) {
    const order = index % 2 === 0 ? names : [...names].reverse();
    log(`cipher: round ${index + 1}/${settings.cipherRounds}`);
    for (const name of order) {
      const run = await timed(variants[name]);
      if (run.bytes !== totalBytes) throw new Error(`cipher ${name}: ${run.bytes} bytes came out, not ${totalBytes}`);
      rounds[name].push(run);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const variantsReport = {};
  for (const name of names) {
    const byRound = rounds[name].map((run) => totalBytes / MIB / run.seconds);
    const perCpuSecond = rounds[name].map((run) => totalBytes / MIB / run.cpuSeconds);
    variantsReport[name] = {
      mibPerSecond: round(median(byRound), 1),
      mibPerCpuSecond: round(median(perCpuSecond), 1),
      mibPerSecondByRound: byRound.map((value) => round(value, 1)),
    };
  }
  const ratio = (a, b, figure) => round(variantsReport[a][figure] / variantsReport[b][figure], 3);
  return {
    mib: settings.cipherMiB,
    rounds: settings.cipherRounds,
    // Other work on the machine skews every figure: recorded so a noisy run can be recognised.
    loadAverage1m5m15m: os.loadavg().map((value) => round(value, 2)),
    storedBytes: chunkedStored.length,
    variants: variantsReport,
    // Per CPU-second too: on a shared machine, the time another process takes is not billed to a variant.
    chunkedToSingleShot: {
      encrypt: ratio('chunked encrypt', 'single-shot encrypt', 'mibPerSecond'),
      decrypt: ratio('chunked decrypt', 'single-shot decrypt', 'mibPerSecond'),
      encryptPerCpuSecond: ratio('chunked encrypt', 'single-shot encrypt', 'mibPerCpuSecond'),
      decryptPerCpuSecond: ratio('chunked decrypt', 'single-shot decrypt', 'mibPerCpuSecond'),
    },
  };
}

export function printCipherSummary(cipher) {
  console.log(
    `File cipher, ${cipher.mib} MiB streamed through memory in 64 KiB pieces, medians of ${cipher.rounds} rounds, ` +
      `load average at the end ${cipher.loadAverage1m5m15m.join(' ')}:`,
  );
  console.log('');
  const header = ['variant', 'MiB/s', 'MiB/CPU-s', 'rounds MiB/s'];
  const rows = Object.entries(cipher.variants).map(([name, run]) => [
    name,
    run.mibPerSecond.toFixed(0),
    run.mibPerCpuSecond.toFixed(0),
    run.mibPerSecondByRound.map((value) => value.toFixed(0)).join(' '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  console.log('');
  const ratios = cipher.chunkedToSingleShot;
  console.log(
    `chunked/single-shot: encrypt ${ratios.encrypt.toFixed(2)} (per CPU-second ${ratios.encryptPerCpuSecond.toFixed(2)}), ` +
      `decrypt ${ratios.decrypt.toFixed(2)} (per CPU-second ${ratios.decryptPerCpuSecond.toFixed(2)})`,
  );
  console.log('');
}
