import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MESSAGE_BROKER, type IntegrationMessage, type MessageBroker, type MessageConsumer } from '@keepem/shared/service_layer';
import { integrationMessage } from '@keepem/shared/testing';
import {
  DEAD_LETTERS_PATH,
  type DeadLetterResource,
  deadRegistrationOf,
  messageOf,
  registrationOf,
  replay,
  setAside,
} from '../support/dead-letters-client';
import { eventually } from '../support/eventually';
import { itRacing } from '../support/racing';
import { SmtpTestServer } from '../support/smtp-test-server';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, newRegistration, register } from '../support/users-client';
import { ADMIN, ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';

/** A consumer of the test's own events on the app's broker, which can be told to refuse them. */
class ProbeConsumer implements MessageConsumer {
  readonly name = 'probes.recorder';
  readonly source = 'probes';
  readonly eventTypes = ['probes.probe-sent.v1'];
  readonly taken: IntegrationMessage[] = [];
  refusing = false;

  async handle(message: IntegrationMessage): Promise<void> {
    if (this.refusing) {
      throw new Error('the probe consumer is down');
    }
    this.taken.push(message);
  }
}

/** A consumer name of this test's own, so that its list holds only its letters. */
const ownConsumer = () => `tests.listing-${crypto.randomUUID().slice(0, 8)}`;

describe('Dead letters, for administrators', () => {
  let smtp: SmtpTestServer;
  let app: TestApp;
  let admin: AdminClient;
  let probes: ProbeConsumer;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start({ security: 'NONE' });
    app = await startTestApp({ ...smtp.appSettings(), OUTBOX_MAX_ATTEMPTS: '2', ...ADMIN_SETTINGS });
    admin = new AdminClient(app);
    probes = new ProbeConsumer();
    app.app.get<symbol, MessageBroker>(MESSAGE_BROKER).subscribe(probes);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.refusingRecipients = false;
    probes.refusing = false;
  });

  const mailsTo = (email: string) => smtp.messages.filter((message) => message.to === email);

  /** A user whose activation mail never went out: the mail server refused it until the outbox gave up. */
  async function userNeverMailed(): Promise<{ email: string; message: IntegrationMessage }> {
    smtp.refusingRecipients = true;
    const registration = newRegistration();
    const record = await deadRegistrationOf(app, admin, await register(app, registration));
    smtp.refusingRecipients = false;
    expect(mailsTo(registration.email)).toEqual([]);
    return { email: registration.email, message: messageOf(record) };
  }

  it('lists the letters the worker set aside, newest dead first, each with its message, error and links', async () => {
    const consumer = ownConsumer();
    const older = await setAside(app, integrationMessage({ source: 'probes', type: 'probes.probe-sent.v1', payload: { n: 1 } }), {
      consumer,
      partition: 3,
      offset: '9007199254740993',
      error: 'probe refused',
      attempts: 4,
    });
    app.clock.advance(60_000);
    const newer = await setAside(app, integrationMessage({ source: 'probes', type: 'probes.probe-sent.v1', payload: { n: 2 } }), {
      consumer,
    });

    const page = await admin.get(`${DEAD_LETTERS_PATH}?consumer=${consumer}`);

    expect(page.status).toBe(200);
    const listed = page.body._embedded.dead_letters as DeadLetterResource[];
    expect(listed.map((letter) => letter.id)).toEqual([newer.id, older.id]);
    expect(listed[1]).toEqual({
      id: older.id,
      consumer,
      topic: 'keepem.dev.probes.events',
      partition: 3,
      offset: '9007199254740993',
      error: 'probe refused',
      attempts: 4,
      dead_at: older.deadAt.toISOString(),
      replayed_at: null,
      message: {
        id: older.message.id,
        source: 'probes',
        type: 'probes.probe-sent.v1',
        aggregate_id: older.message.aggregateId,
        sequence: 1,
        occurred_at: older.message.occurredAt,
        correlation_id: older.message.correlationId,
        causation_id: older.message.causationId,
        payload: { n: 1 },
      },
      _links: {
        self: { href: `${DEAD_LETTERS_PATH}/${older.id}` },
        replay: { href: `${DEAD_LETTERS_PATH}/${older.id}/replay` },
      },
    });
    expect(page.body.page).toEqual({ number: 0, size: 20, total_elements: 2, total_pages: 1 });
    expect((await admin.get(listed[1]._links.self.href)).body).toEqual(listed[1]);
    const oldestFirst = await admin.get(`${DEAD_LETTERS_PATH}?consumer=${consumer}&sort=dead_at,asc`);
    expect(oldestFirst.body._embedded.dead_letters.map((letter: DeadLetterResource) => letter.id)).toEqual([older.id, newer.id]);
  });

  it('pages the list as HAL, keeping the consumer and replayed filters in every link', async () => {
    const consumer = ownConsumer();
    for (let n = 0; n < 3; n += 1) {
      await setAside(app, integrationMessage({ source: 'probes', type: 'probes.probe-sent.v1', payload: { n } }), { consumer });
      app.clock.advance(1_000);
    }

    const first = await admin.get(`${DEAD_LETTERS_PATH}?consumer=${consumer}&replayed=false&size=2`);

    const query = `consumer=${consumer}&replayed=false`;
    expect(first.body._links).toEqual({
      self: { href: `${DEAD_LETTERS_PATH}?${query}&page=0&size=2` },
      first: { href: `${DEAD_LETTERS_PATH}?${query}&page=0&size=2` },
      next: { href: `${DEAD_LETTERS_PATH}?${query}&page=1&size=2` },
      last: { href: `${DEAD_LETTERS_PATH}?${query}&page=1&size=2` },
    });
    expect(first.body.page).toEqual({ number: 0, size: 2, total_elements: 3, total_pages: 2 });
    const second = await admin.get(first.body._links.next.href);
    expect(second.body._embedded.dead_letters).toHaveLength(1);
    expect(second.body._links.prev).toEqual(first.body._links.self);
    const seen = [...first.body._embedded.dead_letters, ...second.body._embedded.dead_letters].map(
      (letter: DeadLetterResource) => letter.id,
    );
    expect(new Set(seen).size).toBe(3);
  });

  it('replays a letter whose consumer never took it: the activation mail goes out, and a second replay sends nothing new', async () => {
    const { email, message } = await userNeverMailed();
    const letter = await setAside(app, message);
    app.clock.advance(60_000);

    const replayed = await replay(app, admin, letter.id);

    expect(replayed.status).toBe(202);
    expect(replayed.headers.location).toBe(`${DEAD_LETTERS_PATH}/${letter.id}`);
    expect(replayed.text).toBe('');
    expect(mailsTo(email)).toHaveLength(1);
    const link = /https?:\/\/\S+\/api\/v1\/users\/activate\?token=\S+/.exec(mailsTo(email)[0].text)?.[0] as string;
    const activated = await app.http().get(new URL(link).pathname + new URL(link).search);
    expect(activated.status).toBe(200);
    const after = await admin.get(replayed.headers.location);
    expect(after.body).toMatchObject({ id: letter.id, replayed_at: app.clock.now().toISOString(), attempts: 5 });
    expect(
      (await admin.get(`${DEAD_LETTERS_PATH}?consumer=users.activation-email&replayed=true&size=100`)).body._embedded.dead_letters,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ id: letter.id })]));

    app.clock.advance(60_000);
    const again = await replay(app, admin, letter.id);

    expect(again.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mailsTo(email)).toHaveLength(1);
    expect((await admin.get(replayed.headers.location)).body.replayed_at).toBe(app.clock.now().toISOString());
  });

  it('replays a letter of an event every consumer already took without a second effect', async () => {
    const registration = newRegistration();
    const userId = await register(app, registration);
    const sent = await eventually(
      () => registrationOf(admin, userId),
      (record) => record?.state === 'sent',
    );
    expect(mailsTo(registration.email)).toHaveLength(1);
    // The worker gave up on a redelivery of it: the consumer had taken the message before.
    const letter = await setAside(app, messageOf(sent!));

    expect((await replay(app, admin, letter.id)).status).toBe(202);

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mailsTo(registration.email)).toHaveLength(1);
  });

  itRacing('takes two replays at once: both answer 202, and the mail goes out once', async () => {
    const { email, message } = await userNeverMailed();
    const letter = await setAside(app, message);
    const token = await admin.token();
    const replayOnce = () => app.http().post(`${DEAD_LETTERS_PATH}/${letter.id}/replay`).set('Authorization', `Bearer ${token}`);

    const statuses = (await Promise.all([replayOnce(), replayOnce()])).map((response) => response.status);

    expect(statuses).toEqual([202, 202]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the broker did not take the message, leaves the letter as it was, and replays it later', async () => {
    const message = integrationMessage({ source: 'probes', type: 'probes.probe-sent.v1', payload: { n: 7 } });
    const letter = await setAside(app, message, { consumer: 'probes.recorder' });
    probes.refusing = true;

    const refused = await replay(app, admin, letter.id);

    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.body.detail).toBe('The broker did not take the message; try again in 10 s');
    expect((await admin.get(`${DEAD_LETTERS_PATH}/${letter.id}`)).body.replayed_at).toBeNull();

    probes.refusing = false;
    expect((await replay(app, admin, letter.id)).status).toBe(202);
    expect(probes.taken).toEqual([message]);
  });

  it('refuses bad paging, filters and parameters with 400, and unknown letters with 404', async () => {
    const bad = [
      'replayed=yes',
      'consumer=Users',
      'consumer=users',
      'consumer=a.b%20c',
      'size=0',
      'size=101',
      'page=-1',
      'sort=attempts',
      'sort=dead_at,up',
      'state=dead',
    ];
    for (const query of bad) {
      const response = await admin.get(`${DEAD_LETTERS_PATH}?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await admin.get(`${DEAD_LETTERS_PATH}/not-a-uuid`)).status).toBe(400);
    expect((await admin.get(`${DEAD_LETTERS_PATH}/${crypto.randomUUID()}`)).status).toBe(404);
    const unknown = await replay(app, admin, crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Dead letter was not found');
  });

  it('is for administrators only: 401 without a token, 403 without the admin scope, and a refused replay replays nothing', async () => {
    const message = integrationMessage({ source: 'probes', type: 'probes.probe-sent.v1' });
    const letter = await setAside(app, message, { consumer: 'probes.recorder' });
    const userScopeOnly = (await logIn(app, ADMIN)).access_token;

    expect((await app.http().get(DEAD_LETTERS_PATH)).status).toBe(401);
    expect((await app.http().get(DEAD_LETTERS_PATH).set('Authorization', `Bearer ${userScopeOnly}`)).status).toBe(403);
    expect((await app.http().get(`${DEAD_LETTERS_PATH}/${letter.id}`).set('Authorization', `Bearer ${userScopeOnly}`)).status).toBe(403);
    const forbidden = await app.http().post(`${DEAD_LETTERS_PATH}/${letter.id}/replay`).set('Authorization', `Bearer ${userScopeOnly}`);
    expect(forbidden.status).toBe(403);
    expect((await app.http().post(`${DEAD_LETTERS_PATH}/${letter.id}/replay`)).status).toBe(401);

    expect(probes.taken.map((taken) => taken.id)).not.toContain(message.id);
    expect((await admin.get(`${DEAD_LETTERS_PATH}/${letter.id}`)).body.replayed_at).toBeNull();
  });
});
