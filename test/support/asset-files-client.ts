import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Response } from 'supertest';
import { assetCreated } from './assets-client';
import { bearer, type Member } from './keeps-client';
import type { TestApp } from './test-app';

/** Bytes no file would hold by chance: a test finds them, or not, in what storage holds. */
export function markedBytes(size: number, marker = 'KEEPEM-PLAINTEXT-MARKER'): Buffer {
  const bytes = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += 4096) {
    bytes.write(`${marker}:${offset}:`, offset, 'latin1');
    for (let index = offset + 64; index < Math.min(offset + 4096, size); index += 1) {
      bytes[index] = (index * 31 + (index >> 8)) & 0xff;
    }
  }
  return bytes;
}

export interface RawUpload {
  /** The Content-Type to send; left out when null. */
  type?: string | null;
  /** The Content-Disposition to send; left out when null. */
  disposition?: string | null;
}

/** PUT the file as the raw body, named and typed as `file` says (the declared photo by default). */
export function uploadRaw(
  app: TestApp,
  who: Member | string,
  uploadUrl: string,
  bytes: Buffer,
  { type = 'image/jpeg', disposition = 'attachment; filename="garden.jpg"' }: RawUpload = {},
): Promise<Response> {
  const put = app.http().put(uploadUrl).set('Authorization', bearer(who));
  if (type !== null) {
    void put.set('Content-Type', type);
  }
  if (disposition !== null) {
    void put.set('Content-Disposition', disposition);
  }
  // Sent as they are, whatever the type: superagent would otherwise write a JSON or form type's body itself.
  return put.serialize((body: unknown) => body as string).send(bytes);
}

export interface MultipartUpload {
  field?: string;
  filename?: string;
  contentType?: string;
  /** Fields or files sent besides the file, in this order, after it. */
  others?: Array<{ name: string; value: string } | { name: string; bytes: Buffer; filename: string }>;
}

/** PUT the file as a `multipart/form-data` form, in field `file` unless told otherwise. */
export function uploadMultipart(
  app: TestApp,
  who: Member | string,
  uploadUrl: string,
  bytes: Buffer,
  { field = 'file', filename = 'garden.jpg', contentType = 'image/jpeg', others = [] }: MultipartUpload = {},
): Promise<Response> {
  let put = app.http().put(uploadUrl).set('Authorization', bearer(who)).attach(field, bytes, { filename, contentType });
  for (const other of others) {
    put = 'value' in other ? put.field(other.name, other.value) : put.attach(other.name, other.bytes, { filename: other.filename });
  }
  return put;
}

/** GET the file, its body as bytes whatever its type. */
export function download(app: TestApp, who: Member, assetId: string, headers: Record<string, string> = {}): Promise<Response> {
  return app
    .http()
    .get(`/api/v1/assets/${assetId}/file`)
    .set({ Authorization: bearer(who), ...headers })
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
      response.on('error', (error) => done(error, Buffer.concat(chunks)));
    });
}

/** Creates an asset declaring `bytes` as `name`/`type`, and answers its id and upload URL. */
export function assetFor(app: TestApp, who: Member, bytes: Buffer, name = 'garden.jpg', type = 'image/jpeg') {
  return assetCreated(app, who, { file_name: name, file_type: type, file_size_bytes: bytes.length });
}

/** Every file under the storage directory, with its bytes. */
export async function storedObjects(directory: string): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      objects.set(path.slice(directory.length + 1), await readFile(path));
    }
  }
  return objects;
}

/** Where the local driver keeps an asset's object, relative to the storage directory. */
export const storageKeyOf = (assetId: string) => `${assetId.slice(0, 4)}/${assetId}.enc`;

export interface StreamedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Bytes of the body the client had handed to its socket when the answer came. */
  sentBeforeAnswer: number;
}

/**
 * PUTs `body` over a connection of its own, as a client streaming a file does, and answers as
 * soon as the server answers, even if it answers before the body is sent (as a refusal does).
 */
export function streamUpload(baseUrl: string, path: string, headers: Record<string, string>, body: Readable): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    body.on('data', (chunk: Buffer) => (sent += chunk.length));
    const put = httpRequest(`${baseUrl}${path}`, { method: 'PUT', headers, agent: false }, (response) => {
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        body.unpipe(put);
        body.destroy();
        put.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString(), sentBeforeAnswer });
      });
    });
    // Writes after a refusal may fail as the server closes the connection; the answer is what counts.
    put.on('error', (error) => (put.headersSent && sent > 0 ? undefined : reject(error)));
    body.pipe(put);
  });
}

export interface CutAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Whether the body arrived whole; false when the connection was cut first. */
  complete: boolean;
}

/** GETs `path` over a connection of its own and answers what arrived, even when the answer is cut off. */
export function getOverTheWire(baseUrl: string, path: string, headers: Record<string, string>): Promise<CutAnswer> {
  return new Promise((resolve, reject) => {
    const get = httpRequest(`${baseUrl}${path}`, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let complete = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (complete = response.complete));
      response.on('error', () => undefined);
      response.on('close', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), complete }),
      );
    });
    get.on('error', reject);
    get.end();
  });
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
