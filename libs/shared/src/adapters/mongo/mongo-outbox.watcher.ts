import { Logger } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { OutboxWatcher } from '../../service_layer/outbox-watcher.port';
import { OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase } from './mongo-document-session';

/**
 * The changes that may give the relay work at once: a record committed by any process, and a dead
 * record an administrator sent back to pending. A failed delivery's retry comes due with time, which
 * no change announces: polling finds it.
 */
export const OUTBOX_CHANGES: mongo.Document[] = [
  {
    $match: {
      $or: [{ operationType: 'insert' }, { operationType: 'update', 'updateDescription.updatedFields.state': 'pending' }],
    },
  },
];

/** What the watcher uses of the driver's ChangeStream. */
export type OutboxChangeStream = Pick<mongo.ChangeStream, 'on' | 'close'>;

export interface MongoOutboxWatcherOptions {
  /** OUTBOX_POLL_INTERVAL_MS, named in the log when the relay is left to polling. */
  pollIntervalMs: number;
  /** First wait before a stream that failed is opened again; it doubles per failure, up to `reopenMaxMs`. */
  reopenBaseMs: number;
  reopenMaxMs: number;
}

const REOPEN = { reopenBaseMs: 1_000, reopenMaxMs: 60_000 };

/**
 * Server errors that say change streams cannot work on this deployment at all, so opening one again
 * would only fail again: a standalone mongod (40573), a server or test double without the stage
 * (40324, 238 NotImplemented, 115 CommandNotSupported), a user without the changeStream privilege (13).
 */
const UNSUPPORTED_CODES = new Set([13, 115, 238, 40324, 40573]);

/**
 * Wakes the relay on the outbox collection's change stream, so a record committed by the API is
 * relayed by the worker at once rather than at the worker's next poll; commits in this process wake
 * it through the signal as on the embedded store.
 *
 * Where change streams cannot work (a standalone mongod, the wire lane's test server) the relay is
 * left to polling, and the log says so once, with the server's reason. A stream that fails later
 * (the driver already resumes it across elections and dropped connections) is opened again after a
 * wait that doubles per failure; the failure is logged once, and its return, with a wake for what
 * was committed meanwhile. Nothing here throws into the process: every error ends as a log line.
 */
export class MongoOutboxWatcher implements OutboxWatcher {
  private readonly logger = new Logger(MongoOutboxWatcher.name);
  private wake: (() => void) | null = null;
  private stream: OutboxChangeStream | null = null;
  private reopenTimer: NodeJS.Timeout | null = null;
  private reopenDelayMs: number;
  /** Whether a failure has been logged and the stream has not worked since. */
  private failing = false;
  private announced = false;

  constructor(
    private readonly openStream: () => OutboxChangeStream,
    private readonly signal: OutboxSignal,
    private readonly options: MongoOutboxWatcherOptions,
  ) {
    this.reopenDelayMs = options.reopenBaseMs;
  }

  watch(wake: () => void): void {
    this.wake = wake;
    this.signal.onCommit(wake);
    this.open();
  }

  async close(): Promise<void> {
    this.wake = null;
    this.signal.onCommit(() => undefined);
    if (this.reopenTimer) {
      clearTimeout(this.reopenTimer);
      this.reopenTimer = null;
    }
    const stream = this.stream;
    this.stream = null;
    await stream?.close().catch(() => undefined);
  }

  private open(): void {
    let stream: OutboxChangeStream;
    try {
      stream = this.openStream();
    } catch (error) {
      this.failed(null, error);
      return;
    }
    this.stream = stream;
    // The server's first answer carries a resume token (so does every later one): the stream watches.
    stream.on('resumeTokenChanged', () => this.working(stream));
    // Listening for changes is what starts the stream.
    stream.on('change', () => {
      this.working(stream);
      this.wake?.();
    });
    stream.on('error', (error: unknown) => this.failed(stream, error));
  }

  private working(stream: OutboxChangeStream): void {
    if (stream !== this.stream) {
      return;
    }
    this.reopenDelayMs = this.options.reopenBaseMs;
    const recovered = this.failing;
    this.failing = false;
    if (!this.announced) {
      this.announced = true;
      this.logger.log('The outbox relay wakes on the outbox collection’s change stream');
    } else if (recovered) {
      this.logger.log('The outbox change stream works again: the relay wakes at each new record');
    }
    if (recovered) {
      // Records committed while nothing watched wait for no poll either.
      this.wake?.();
    }
  }

  private failed(stream: OutboxChangeStream | null, error: unknown): void {
    if (stream !== this.stream || this.wake === null) {
      // A stream already replaced or closed: its late error changes nothing.
      return;
    }
    this.stream = null;
    void stream?.close().catch(() => undefined);
    const unsupported = isUnsupported(error);
    if (!this.failing) {
      this.failing = true;
      const reason = describe(error);
      this.logger.warn(
        unsupported
          ? `Change streams are unavailable on this MongoDB deployment (${reason}): the outbox relay falls back to polling every ${this.options.pollIntervalMs} ms`
          : `The outbox change stream failed (${reason}): the outbox relay polls every ${this.options.pollIntervalMs} ms until it is reopened`,
      );
    }
    if (unsupported) {
      return;
    }
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (this.wake) {
        this.open();
      }
    }, this.reopenDelayMs);
    this.reopenTimer.unref();
    this.reopenDelayMs = Math.min(this.reopenDelayMs * 2, this.options.reopenMaxMs);
  }
}

/** The production watcher of a mongoose connection's outbox collection. */
export function mongoOutboxWatcher(connection: Connection, signal: OutboxSignal, pollIntervalMs: number): MongoOutboxWatcher {
  return new MongoOutboxWatcher(() => nativeDatabase(connection).collection(OUTBOX_COLLECTION).watch(OUTBOX_CHANGES), signal, {
    pollIntervalMs,
    ...REOPEN,
  });
}

function isUnsupported(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && UNSUPPORTED_CODES.has(code);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const codeName = (error as { codeName?: unknown }).codeName;
  return typeof codeName === 'string' ? `${codeName}: ${error.message}` : error.message;
}
