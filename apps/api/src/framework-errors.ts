import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyCompressOptions } from '@fastify/compress';
import type { FastifyBaseLogger, FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assignRequestId, newRequestId, PROBLEM_CONTENT_TYPE, problemDetails } from '@keepem/shared/http';
import { API_HEADERS } from './security-headers';

/**
 * Fastify answers a path it cannot route, and Node a connection it cannot parse, before any hook
 * or filter of the API runs. The answers here take their place, in the API's one error shape:
 * problem+json with a request id, and the API's headers. Their details are fixed sentences: the
 * request that failed may be anything a client sent, so no part of it (path, header, bytes) is
 * repeated to it.
 */

/** Fastify's charset suffix, so that every problem carries the same Content-Type. */
const PROBLEM_CONTENT_TYPE_HEADER = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/** How long a connection answered at the socket may keep sending before it is cut. */
const LINGER_AFTER_ANSWER_MS = 1000;

const FRAMEWORK_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The path is not a valid URL',
  FST_ERR_MAX_PARAM_LENGTH: 'A segment of the path is longer than the API accepts',
};

/** Node's parser errors, by code; any other one means the bytes were not HTTP/1.1 as written. */
const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are larger than the API accepts' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, detail: 'The chunk extensions are larger than the API accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' },
};
const MALFORMED = { status: 400, detail: 'The request is not well-formed HTTP' };

/**
 * The adapter's options for these answers. `requireHostHeader` is off in Node, which would send an
 * empty 400, so that the request hook of `answerEveryErrorAsProblem` refuses it instead; and
 * Fastify's 503 while closing, a JSON body of its own, is that hook's too.
 */
export const FRAMEWORK_ERROR_OPTIONS = {
  frameworkErrors: answerFrameworkError,
  clientErrorHandler: answerClientError,
  http: { requireHostHeader: false },
  return503OnClosing: false,
} satisfies FastifyHttpOptions<Server>;

/**
 * @fastify/compress names an unknown request Content-Encoding in its 415; this one does not. The
 * error reaches the ProblemDetailsFilter like any of Fastify's, by its status.
 */
export const COMPRESS_ERROR_OPTIONS = {
  onUnsupportedRequestEncoding: () => Object.assign(new Error('The body is in an encoding the API does not read'), { statusCode: 415 }),
} satisfies FastifyCompressOptions;

/** The answers that need the instance: its server's `checkExpectation`, its request and close hooks. */
export function answerEveryErrorAsProblem(instance: FastifyInstance): void {
  let closing = false;
  instance.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    // Node meets `100-continue` itself; it sends this event for any other expectation.
    const requestId = assignRequestId(request);
    logClientError(instance.log, requestId, 417, 'EXPECTATION_FAILED');
    const body = problemBody(417, 'The API meets no expectation but 100-continue', requestId);
    response.writeHead(417, { ...answerHeaders(requestId), 'content-length': Buffer.byteLength(body) }).end(body);
  });
  instance.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Replies without calling `done`, so that nothing after it runs: the headers are set here.
  instance.addHook('onRequest', (request, reply, done) => {
    if (closing) {
      sendProblem(reply.header('connection', 'close'), 503, 'The server is shutting down; retry on a new connection');
    } else if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      sendProblem(reply.header('connection', 'close'), 400, 'An HTTP/1.1 request must carry a Host header');
    } else {
      done();
    }
  });
}

/** A path the router refuses: a bad percent-encoding, an over-long parameter. */
function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  sendProblem(
    reply,
    status,
    FRAMEWORK_ERRORS[error.code] ?? (status < 500 ? 'The request cannot be routed' : 'An unexpected error occurred'),
  );
}

function sendProblem(reply: FastifyReply, status: number, detail: string): void {
  const requestId = String(reply.request.id);
  void reply
    .code(status)
    .headers(answerHeaders(requestId))
    .send(problemBody(status, detail, requestId));
}

type ServerSocket = Socket & { _httpMessage?: ServerResponse | null };

const answeredSockets = new WeakSet<Socket>();

/**
 * Node's `clientError`: bytes that are not an HTTP request, or one that took too long to arrive.
 * Nothing was routed, so the problem is written on the socket itself, which is then ended. It is
 * left to read what the client still sends for a moment (the parser discards it, and this handler
 * hears of it again): closing a socket with unread input resets it, and a reset can destroy the
 * answer before the client reads it.
 */
function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: ServerSocket): void {
  if (answeredSockets.has(socket)) {
    return;
  }
  // A reset connection has nobody left to read an answer. An answer already begun on this one
  // would swallow anything written now as part of its body.
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const requestId = newRequestId();
  logClientError(this.log, requestId, status, error.code);
  answeredSockets.add(socket);
  socket.end(rawAnswer(status, detail, requestId));
  setTimeout(() => socket.destroy(), LINGER_AFTER_ANSWER_MS).unref();
}

/**
 * One line in the request log, under the id the client was given. Node's code only: its parser
 * errors also carry the raw bytes that failed.
 */
function logClientError(log: FastifyBaseLogger, requestId: string, statusCode: number, code: string | undefined): void {
  log.info({ reqId: requestId, res: { statusCode }, code }, 'client error');
}

function rawAnswer(status: number, detail: string, requestId: string): string {
  const body = problemBody(status, detail, requestId);
  const headers = {
    ...answerHeaders(requestId),
    'content-length': String(Buffer.byteLength(body)),
    date: new Date().toUTCString(),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`;
}

function answerHeaders(requestId: string): Record<string, string> {
  return { ...API_HEADERS, 'x-request-id': requestId, 'content-type': PROBLEM_CONTENT_TYPE_HEADER };
}

function problemBody(status: number, detail: string, requestId: string): string {
  return JSON.stringify(problemDetails(status, detail, requestId));
}
