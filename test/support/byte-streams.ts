import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** `size` random bytes. */
export const randomContent = (size: number): Buffer => randomBytes(size);

/**
 * `content` as a stream of `chunkSize` chunks, each after a turn of the event loop, so that two
 * writes fed this way interleave; `failAfter` bytes in, the stream fails with `error` instead.
 */
export function streamOf(content: Buffer, options: { chunkSize?: number; failAfter?: number; error?: Error } = {}): Readable {
  const { chunkSize = 64 * 1024, failAfter, error = new Error('the source failed') } = options;
  async function* chunks() {
    for (let offset = 0; offset < content.length; offset += chunkSize) {
      await nextTurn();
      if (failAfter !== undefined && offset >= failAfter) {
        throw error;
      }
      yield content.subarray(offset, offset + chunkSize);
    }
    if (failAfter !== undefined) {
      throw error;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** A stream that sends `sent` and is then destroyed without an error, as a request whose client hung up. */
export function destroyedAfter(sent: Buffer): Readable {
  const stream = new Readable({ read: () => undefined });
  stream.push(sent);
  setTimeout(() => stream.destroy(), 20);
  return stream;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The same `size` bytes each time for one `seed`, made as they are read: nothing holds them all. */
export function generatedContent(size: number, seed = 1, chunkSize = 256 * 1024): Readable {
  const block = Buffer.alloc(chunkSize);
  let sent = 0;
  let index = 0;
  return new Readable({
    highWaterMark: chunkSize,
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(chunkSize, size - sent);
      // Each chunk differs (its index and the seed are in it), so a chunk lost or moved changes the hash.
      block.fill(index % 251);
      block.writeUInt32BE(index, 0);
      block.writeUInt32BE(seed, 4);
      this.push(Buffer.from(block.subarray(0, length)));
      sent += length;
      index += 1;
    },
  });
}

/** The SHA-256 of a stream, read to its end. */
export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
