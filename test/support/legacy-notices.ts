import { CommandBus } from '@nestjs/cqrs';
import { type MessageMetadata, MessageMetadataFactory, OUTBOX_VIEW, type OutboxView } from '@keepem/shared/service_layer';
import { ReleaseTimeJob } from '@keepem/assets';
import { NoticeDueReleases } from '../../libs/assets/src/service_layer/commands/notice-due-releases.command';
import { readMails, type ReceivedMail } from './mail-directory';
import type { TestApp } from './test-app';

const metadataOf = (app: TestApp, userId?: string): MessageMetadata =>
  app.app.get(MessageMetadataFactory).forRequest(crypto.randomUUID(), userId);

/** One run of the release-time job, as its timer starts it. */
export const releaseTimeJobRun = (app: TestApp): Promise<number> => app.app.get(ReleaseTimeJob).run();

/** NoticeDueReleases through the command bus: a run beside the job's own (another process's, say). */
export const noticeDueReleases = (app: TestApp): Promise<number> =>
  app.app.get(CommandBus).execute(new NoticeDueReleases({ metadata: metadataOf(app) }));

/**
 * Every mail the app wrote once its outbox has delivered everything committed so far: a mail that
 * was to come twice would be there by then.
 */
export async function mailsOnceDelivered(app: TestApp, timeoutMs = 10_000): Promise<ReceivedMail[]> {
  const outbox = app.app.get<symbol, OutboxView>(OUTBOX_VIEW);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await outbox.page('pending', { number: 0, size: 1, sort: { field: 'occurredAt', direction: 'asc' } });
    if (pending.items.length === 0) {
      return readMails(app.mailDirectory);
    }
    if (Date.now() >= deadline) {
      throw new Error(`The outbox still holds ${pending.items[0].type} ${pending.items[0].id} after ${timeoutMs} ms`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

/** The mails delivered since `earlier` was read (the folder's order is by time, which a test's clock may freeze). */
export async function mailsAfter(app: TestApp, earlier: readonly ReceivedMail[]): Promise<ReceivedMail[]> {
  const key = (mail: ReceivedMail) => `${mail.to}\n${mail.subject}\n${mail.text}`;
  const seen = new Map<string, number>();
  for (const mail of earlier) {
    seen.set(key(mail), (seen.get(key(mail)) ?? 0) + 1);
  }
  return (await mailsOnceDelivered(app)).filter((mail) => {
    const left = seen.get(key(mail)) ?? 0;
    seen.set(key(mail), left - 1);
    return left <= 0;
  });
}
