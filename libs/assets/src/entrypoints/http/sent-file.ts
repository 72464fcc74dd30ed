import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { finished, PassThrough, Readable } from 'node:stream';
import { DomainError, InvalidInputError } from '@keepem/shared/domain';
import { fileBodyType } from '@keepem/shared/http';
import { FileTooLargeError } from '../../domain/asset.errors';
import type { SentFile } from '../../service_layer/commands/upload-asset-file.command';
import { fileNameOf } from './content-disposition';

/** The one form field a multipart upload holds. */
export const FILE_FIELD = 'file';

const NOT_ONE_FILE = `A multipart upload holds one part, the file, in field \`${FILE_FIELD}\`, and nothing else`;

/** The client stopped sending before the file ended: nothing was stored. */
export class UploadInterruptedError extends InvalidInputError {
  constructor() {
    super('The upload was cut off before the file ended; nothing was stored');
  }
}

/** The file of an upload request, as a multipart form or as the raw body. */
export function sentFileOf(request: FastifyRequest, maxBytes: number): Promise<SentFile> {
  return request.isMultipart() ? sentPart(request, maxBytes) : Promise.resolve(sentBody(request));
}

/**
 * The raw body, named by its Content-Disposition. It is piped into a stream of its own, so that
 * stopping the upload stops reading the request without destroying it (which would cut the
 * connection before the refusal is answered).
 */
function sentBody(request: FastifyRequest): SentFile {
  const body = request.body as Readable | undefined;
  const content = new PassThrough();
  if (body) {
    finished(body, (error) => {
      if (error) {
        content.destroy(new UploadInterruptedError());
      }
    });
    content.once('close', () => body.unpipe(content));
    body.pipe(content);
  } else {
    content.end();
  }
  return {
    name: fileNameOf(request.headers['content-disposition']),
    type: fileBodyType(request),
    content,
    announcedBytes: announcedLength(request),
  };
}

/** The length of the file a raw body announces: only when the body is sent as it is, not encoded. */
function announcedLength(request: FastifyRequest): number | undefined {
  const length = request.headers['content-length'];
  if (length === undefined || request.headers['content-encoding'] !== undefined || !/^\d+$/.test(length)) {
    return undefined;
  }
  return Number(length);
}

/**
 * The form's one part, which must be a file in field `file`; its bytes are streamed as they come.
 * The content ends only once the form has ended after that part, so that a second part, or a
 * form cut off, fails the upload before anything is stored.
 */
async function sentPart(request: FastifyRequest, maxBytes: number): Promise<SentFile> {
  const parts = request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
  const part = await nextPart(parts);
  if (part?.type !== 'file' || part.fieldname !== FILE_FIELD) {
    if (part?.type === 'file') {
      part.file.resume();
    }
    throw new InvalidInputError(NOT_ONE_FILE, [{ field: FILE_FIELD, message: `send the file, and only the file, in field ${FILE_FIELD}` }]);
  }
  const content = Readable.from(
    (async function* () {
      try {
        for await (const chunk of part.file) {
          yield chunk as Buffer;
        }
      } catch (error) {
        throw asUploadError(error);
      }
      if (part.file.truncated) {
        throw new FileTooLargeError(maxBytes);
      }
      if ((await nextPart(parts)) !== undefined) {
        throw new InvalidInputError(NOT_ONE_FILE, [{ field: FILE_FIELD, message: 'only one part is accepted' }]);
      }
    })(),
  );
  // Past the limit busboy drops the rest of the part but reads on to its end: stop at once instead.
  part.file.once('limit', () => content.destroy(new FileTooLargeError(maxBytes)));
  return { name: part.filename, type: part.mimetype, content, announcedBytes: undefined };
}

/** The next part of the form, or undefined at its end; a form that breaks its limits or its syntax is a bad request. */
async function nextPart(parts: AsyncIterator<Multipart>): Promise<Multipart | undefined> {
  try {
    const next = await parts.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    throw asUploadError(error);
  }
}

/** What went wrong reading the form, in the domain's words: cut off, or not the one file it must be. */
function asUploadError(error: unknown): DomainError {
  if (error instanceof DomainError) {
    return error;
  }
  const code = (error as { code?: string } | null)?.code;
  return code === 'FST_MP_PREMATURE_CLOSE' || code === 'ECONNRESET' ? new UploadInterruptedError() : new InvalidInputError(NOT_ONE_FILE);
}
