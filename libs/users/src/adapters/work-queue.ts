import { UnavailableError } from '@keepem/shared/domain';

export interface WorkQueueOptions {
  /** Jobs that run at once. */
  concurrency: number;
  /** Jobs that may wait for a turn; one more is refused. */
  queueLimit: number;
  /** What a refusal says, given the seconds to wait. */
  busy: (seconds: number) => string;
  now?: () => number;
}

/** How much a job's duration moves the average: recent jobs count most, one odd job little. */
const SMOOTHING = 0.2;

/**
 * Runs asynchronous jobs at most `concurrency` at a time, with at most `queueLimit` more waiting
 * in arrival order. A job beyond that is refused at once with UnavailableError, so a burst holds
 * a bounded amount of memory and CPU, and its callers hear quickly when to come back instead of
 * waiting in an ever longer line. The refusal's wait is how long the jobs ahead should take, from
 * the average duration of the jobs done so far.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private averageMs: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: WorkQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.options.concurrency) {
      this.running += 1;
    } else if (this.waiting.length < this.options.queueLimit) {
      // A finishing job hands its turn over, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      const seconds = this.retryAfterSeconds();
      throw new UnavailableError(this.options.busy(seconds), seconds);
    }
    const startedAt = this.now();
    try {
      return await job();
    } finally {
      this.record(this.now() - startedAt);
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.running -= 1;
      }
    }
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private record(durationMs: number): void {
    this.averageMs = this.averageMs === undefined ? durationMs : this.averageMs + SMOOTHING * (durationMs - this.averageMs);
  }

  private retryAfterSeconds(): number {
    const ahead = this.running + this.waiting.length;
    const drainMs = ((this.averageMs ?? 0) * ahead) / this.options.concurrency;
    return Math.max(1, Math.ceil(drainMs / 1000));
  }
}
