import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { NoticeDueReleases } from './notice-due-releases.command';

/** How many due releases are read at a time: each batch is read anew, as those noticed before drop out of it. */
const BATCH_SIZE = 100;

@CommandHandler(NoticeDueReleases)
export class NoticeDueReleasesHandler implements ICommandHandler<NoticeDueReleases, number> {
  private readonly logger = new Logger(NoticeDueReleasesHandler.name);

  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * One unit of work per release, so one that fails does not hold the others back, and the API and
   * the worker may run this at the same time: the release's version lets only one of two notices
   * commit, and the other, run again on fresh data, finds it noticed and changes nothing. The
   * e-mails follow from the ReleaseTimeCame event, once per receiver.
   */
  async execute(command: NoticeDueReleases): Promise<number> {
    const now = command.metadata.at;
    const seen = new Set<string>();
    let noticed = 0;
    for (;;) {
      const due = await this.unitOfWork.run(command.metadata, (tx) =>
        tx.repository(ASSET_RELEASE_REPOSITORY).findDueWithoutNotice(now, BATCH_SIZE),
      );
      const fresh = due.filter((release) => !seen.has(release.id));
      for (const { id } of fresh) {
        seen.add(id);
        noticed += (await this.notice(id, command).catch((error: unknown) => {
          this.logger.error(`Release ${id} could not be noticed; the next run tries again: ${String(error)}`);
          return false;
        }))
          ? 1
          : 0;
      }
      // A batch of releases all tried already (failed, or noticed by another process meanwhile)
      // would come back for ever.
      if (due.length < BATCH_SIZE || fresh.length === 0) {
        return noticed;
      }
    }
  }

  /** Whether this run noticed the release: not when it was gone, ended or noticed by then. */
  private notice(releaseId: string, command: NoticeDueReleases): Promise<boolean> {
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
      const release = await releases.findById(releaseId);
      if (!release?.noticeTimeCame(command.metadata.at)) {
        return false;
      }
      releases.save(release);
      return true;
    });
  }
}
