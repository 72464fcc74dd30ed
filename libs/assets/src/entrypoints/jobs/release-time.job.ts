import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MessageMetadataFactory } from '@keepem/shared/service_layer';
import { NoticeDueReleases } from '../../service_layer/commands/notice-due-releases.command';

export const RELEASE_TIME_JOB_OPTIONS = Symbol('RELEASE_TIME_JOB_OPTIONS');

export interface ReleaseTimeJobOptions {
  /** RELEASE_NOTIFY_INTERVAL_SECONDS, in milliseconds. */
  intervalMs: number;
}

/**
 * Every RELEASE_NOTIFY_INTERVAL_SECONDS, notes on each release whose time has passed that it came,
 * which e-mails its receivers. Both the API and the worker run it (as they relay the outbox): the
 * release records its notice once, however many processes look at the same time.
 */
@Injectable()
export class ReleaseTimeJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly NAME = 'assets.release-time';
  private readonly logger = new Logger(ReleaseTimeJob.name);
  private inFlight: Promise<number> | null = null;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly metadata: MessageMetadataFactory,
    private readonly scheduler: SchedulerRegistry,
    @Inject(RELEASE_TIME_JOB_OPTIONS) private readonly options: ReleaseTimeJobOptions,
  ) {}

  /** Runs once at start-up too: a process restarted more often than the interval would otherwise never run it. */
  onApplicationBootstrap(): void {
    const runLogged = () => void this.run().catch((error: unknown) => this.logger.error(`Release-time run failed: ${String(error)}`));
    const timer = setInterval(runLogged, this.options.intervalMs);
    timer.unref();
    this.scheduler.addInterval(ReleaseTimeJob.NAME, timer);
    runLogged();
  }

  /** Stops scheduling, and lets the run in hand finish before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', ReleaseTimeJob.NAME)) {
      this.scheduler.deleteInterval(ReleaseTimeJob.NAME);
    }
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * One run, now: how many releases it noticed. A run asked for while one is going on in this
   * process joins it rather than reading the same releases again.
   */
  run(): Promise<number> {
    this.inFlight ??= this.commandBus
      .execute(new NoticeDueReleases({ metadata: this.metadata.forSystem() }))
      .then((noticed) => {
        if (noticed > 0) {
          this.logger.log(`Noticed the time of ${noticed} release(s)`);
        }
        return noticed;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
