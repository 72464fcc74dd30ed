import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { activeAssetCreated } from '../support/active-assets';
import { acceptKeep, bearer, keepRequested, type Member, member } from '../support/keeps-client';
import { cancelRelease, getRelease, releaseScheduled, timePasses, triggerRelease } from '../support/legacy-client';
import { mailsAfter, mailsOnceDelivered, noticeDueReleases, releaseTimeJobRun } from '../support/legacy-notices';
import type { ReceivedMail } from '../support/mail-directory';
import { uniqueDatabaseName } from '../support/mongo-replica-set';
import { startTestApp, type TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The release e-mails as users receive them (.eml files), from releases scheduled, triggered and
 * cancelled through the legacy routes as a client does, over the real outbox, the assets context's
 * directory of users fed by the users context's events, and the release-time job (run here as its
 * scheduler would).
 */
describe('Legacy notifications', () => {
  jest.setTimeout(20_000);
  let app: TestApp;
  let owner: Member;
  let ann: Member;
  let bob: Member;
  let annKeep: string;

  const keepEachOther = async (one: Member, other: Member) => {
    const keepId = await keepRequested(app, one, other);
    expect((await acceptKeep(app, other, keepId)).status).toBe(202);
    return keepId;
  };
  const inDays = (days: number) => new Date(app.clock.now().getTime() + days * DAY_MS).toISOString();
  const about = (mails: ReceivedMail[], subject: string | RegExp) =>
    mails.filter((mail) => (typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject)));
  const recipients = (mails: ReceivedMail[]) => mails.map((mail) => mail.to).sort();
  const mailsSince = (before: ReceivedMail[]) => mailsAfter(app, before);
  const delivered = () => mailsOnceDelivered(app);

  beforeAll(async () => {
    app = await startTestApp();
  });
  // Tests move the clock by days, past any access token's life: each signs in people of its own.
  beforeEach(async () => {
    owner = await member(app, { public_name: 'Olivia Hart' });
    ann = await member(app);
    bob = await member(app);
    annKeep = await keepEachOther(owner, ann);
    await keepEachOther(owner, bob);
  }, 20_000);
  afterAll(() => app.close());

  it('tells the receivers of a bottle who prepared it, then, once, that it waits for them, however many runs look at once', async () => {
    const before = await delivered();
    const releaseId = await releaseScheduled(app, owner, 'in-a-bottle', {
      name: 'Letters from the attic',
      assets: [await activeAssetCreated(app, owner)],
      receivers: [ann.id, bob.id],
      min_date: inDays(10),
      max_date: inDays(20),
    });

    const prepared = about(await mailsSince(before), /has prepared a legacy for you$/);
    expect(recipients(prepared)).toEqual([ann.registration.email, bob.registration.email].sort());
    expect(prepared[0].subject).toBe(`Olivia Hart (${owner.registration.username}) has prepared a legacy for you`);
    for (const mail of prepared) {
      expect(mail.text).not.toMatch(/Letters|attic|bottle|legacy\/|20\d\d-/);
    }

    app.clock.advance(9 * DAY_MS);
    expect(await releaseTimeJobRun(app)).toBe(0);
    app.clock.advance(12 * DAY_MS);
    const runs = await Promise.all([releaseTimeJobRun(app), noticeDueReleases(app), noticeDueReleases(app)]);
    expect(runs.reduce((sum, noticed) => sum + noticed, 0)).toBe(1);
    expect(await releaseTimeJobRun(app)).toBe(0);

    const waiting = about(await mailsSince(before), 'A legacy is waiting for you');
    expect(recipients(waiting)).toEqual([ann.registration.email, bob.registration.email].sort());
    expect(waiting[0].text).toContain(
      `The legacy Olivia Hart (${owner.registration.username}) prepared for you on Keepem is waiting for you.`,
    );
    expect(waiting[0].text).toContain(`http://keepem.test/api/v1/legacy/${releaseId}`);
  });

  it('tells the owner of a release to their future self, and only them, when its time came, and when they received it', async () => {
    const before = await delivered();
    const releaseId = await releaseScheduled(app, owner, 'to-future-self', {
      name: 'Note to self',
      assets: [await activeAssetCreated(app, owner)],
      scheduled_date: inDays(1),
    });
    expect(await mailsSince(before)).toEqual([]);

    await timePasses(app, 2 * DAY_MS, owner);
    expect(await releaseTimeJobRun(app)).toBe(1);
    const [waiting, ...others] = await mailsSince(before);
    expect(others).toEqual([]);
    expect(waiting).toMatchObject({ to: owner.registration.email, subject: 'A legacy is waiting for you' });
    expect(waiting.text).toContain('The legacy you prepared for your future self on Keepem is waiting for you.');
    expect(waiting.text).toContain(`http://keepem.test/api/v1/legacy/${releaseId}`);

    expect((await triggerRelease(app, owner, releaseId)).status).toBe(202);
    const [received, ...more] = await mailsSince([...before, waiting]);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ to: owner.registration.email, subject: 'A legacy was received: Note to self' });
    expect(received.text).toContain('Its assets are back in your assets: http://keepem.test/api/v1/me/assets');
  });

  it('tells the owner and every receiver who received a legacy', async () => {
    const releaseId = await releaseScheduled(app, owner, 'transfer', {
      name: 'The violin',
      assets: [await activeAssetCreated(app, owner)],
      receivers: [ann.id, bob.id],
    });
    const before = await delivered();

    expect((await triggerRelease(app, ann, releaseId)).status).toBe(202);

    const received = await mailsSince(before);
    expect(recipients(received)).toEqual([owner.registration.email, ann.registration.email, bob.registration.email].sort());
    expect(received.every((mail) => mail.subject === 'A legacy was received: The violin')).toBe(true);
    expect(received.find((mail) => mail.to === owner.registration.email)?.text).toContain(
      `${ann.registration.username} received your legacy, "The violin", on Keepem.\nIts assets are theirs now.`,
    );
  });

  it('tells the other parties of a cancelled legacy who cancelled it, and everyone why when the service did', async () => {
    const byAnn = await releaseScheduled(app, owner, 'transfer', {
      name: 'The clock',
      assets: [await activeAssetCreated(app, owner)],
      receivers: [ann.id, bob.id],
      scheduled_date: inDays(5),
    });
    // Open at once: the service looks at the receivers' keeps only once a trigger meets the conditions.
    const bySystem = await releaseScheduled(app, owner, 'transfer', {
      name: 'The desk',
      assets: [await activeAssetCreated(app, owner)],
      receivers: [ann.id],
    });
    const before = await delivered();

    expect((await cancelRelease(app, ann, byAnn)).status).toBe(204);
    const canceled = await mailsSince(before);
    expect(recipients(canceled)).toEqual([owner.registration.email, bob.registration.email].sort());
    expect(canceled.find((mail) => mail.to === owner.registration.email)?.text).toContain(
      `Your legacy "The clock" on Keepem was cancelled by ${ann.registration.username}.`,
    );
    expect(canceled.every((mail) => !mail.text.includes('not for me'))).toBe(true);

    const ended = await app.http().put(`/api/v1/me/keeps/${annKeep}/decline`).set('Authorization', bearer(ann)).send({});
    expect(ended.status).toBe(202);
    const refused = await triggerRelease(app, ann, bySystem);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`${ann.registration.username} is no longer a keep of the owner`);
    expect((await getRelease(app, owner, bySystem)).body).toMatchObject({ state: 'cancelled', canceled_by: null });
    const bySystemMails = await mailsSince([...before, ...canceled]);
    expect(recipients(bySystemMails)).toEqual([owner.registration.email, ann.registration.email].sort());
    expect(
      bySystemMails.every((mail) => mail.text.includes(`by Keepem: ${ann.registration.username} is no longer a keep of the owner.`)),
    ).toBe(true);

    app.clock.advance(10 * DAY_MS);
    await releaseTimeJobRun(app);
    expect(await mailsSince([...before, ...canceled, ...bySystemMails])).toEqual([]);
  });
});

/** Two processes (the API and the worker, say) on one MongoDB database: only where one is shared. */
const onSharedDatabase = process.env.MONGODB_URL ? describe : describe.skip;

onSharedDatabase('Legacy notifications from two processes on one database', () => {
  jest.setTimeout(30_000);
  let database: string;
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    const url = new URL(process.env.MONGODB_URL!);
    url.pathname = `/${uniqueDatabaseName('legacy')}`;
    database = url.toString();
    first = await startTestApp({ MONGODB_URL: database });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('mails each receiver once when both run the release-time job at the same moment', async () => {
    const owner = await member(first);
    const receivers = [await member(first), await member(first)];
    for (const receiver of receivers) {
      const keepId = await keepRequested(first, owner, receiver);
      expect((await acceptKeep(first, receiver, keepId)).status).toBe(202);
    }
    const releaseId = await releaseScheduled(first, owner, 'transfer', {
      name: 'The map',
      assets: [await activeAssetCreated(first, owner)],
      receivers: receivers.map((receiver) => receiver.id),
      scheduled_date: new Date(first.clock.now().getTime() + DAY_MS).toISOString(),
    });
    const before = await mailsOnceDelivered(first);
    // The second process starts once the people and the release exist, as a worker would beside the API.
    const other = await startTestApp({ MONGODB_URL: database, MAIL_DIR: first.mailDirectory });
    second = other;

    for (const app of [first, other]) {
      app.clock.advance(2 * DAY_MS);
    }
    const runs = await Promise.all([releaseTimeJobRun(first), releaseTimeJobRun(other)]);
    expect(runs.sort()).toEqual([0, 1]);

    await mailsOnceDelivered(other);
    const waiting = (await mailsAfter(first, before)).filter((mail) => mail.subject === 'A legacy is waiting for you');
    expect(waiting.map((mail) => mail.to).sort()).toEqual(receivers.map((receiver) => receiver.registration.email).sort());
    expect(waiting.every((mail) => mail.text.includes(`/api/v1/legacy/${releaseId}`))).toBe(true);
  });
});
