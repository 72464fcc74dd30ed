import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { itRacing } from '../support/racing';
import { signedInUser, SignedInUser } from '../support/signed-in-user';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn } from '../support/users-client';
import { ADMIN, ADMIN_SETTINGS } from '../support/users-admin-client';

const REMINDERS = '/api/v1/me/reminders';

interface OutboxRecord {
  type: string;
  aggregate_id: string;
  sequence: number;
  payload: Record<string, unknown>;
}

describe('Reminders', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(ADMIN_SETTINGS);
  });
  afterAll(() => app.close());

  const add = (user: SignedInUser, reminders: unknown) => user.as(app.http().post(REMINDERS)).send(reminders as object);
  const remove = (user: SignedInUser, reminders: unknown) => user.as(app.http().delete(REMINDERS)).send(reminders as object);
  const list = async (user: SignedInUser) => {
    const response = await user.as(app.http().get(REMINDERS));
    expect(response.status).toBe(200);
    return response.body._embedded.reminders as Array<Record<string, unknown>>;
  };

  /** The reminder events the outbox holds for a user, oldest first, read as an administrator would. */
  async function reminderEventsOf(userId: string): Promise<OutboxRecord[]> {
    const admin = await logIn(app, ADMIN, { scope: 'user admin' });
    const page = await app
      .http()
      .get('/api/v1/admin/outbox?size=100&sort=occurred_at,desc')
      .set('Authorization', `Bearer ${admin.access_token}`)
      .expect(200);
    return (page.body._embedded.outbox_records as OutboxRecord[])
      .filter((record) => record.aggregate_id === userId && record.type.startsWith('users.user-reminder-'))
      .sort((one, other) => one.sequence - other.sequence);
  }

  it('sets reminders (201, Location, no body) and lists them by time, as stored: trimmed, in UTC, 0 days by default', async () => {
    const user = await signedInUser(app);
    const related = (await signedInUser(app)).id;

    const response = await add(user, [
      { title: '  Our anniversary ', time: '2030-06-21T20:00:00+02:00', frequency_days: 365, related_user: related },
      { title: 'Call grandma', time: '2030-05-04T09:00:00Z' },
    ]);

    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(REMINDERS);
    expect(response.text).toBe('');
    const listed = await user.as(app.http().get(response.headers.location));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      _embedded: {
        reminders: [
          { title: 'Call grandma', time: '2030-05-04T09:00:00.000Z', frequency_days: 0, related_user: null },
          { title: 'Our anniversary', time: '2030-06-21T18:00:00.000Z', frequency_days: 365, related_user: related },
        ],
      },
      _links: { self: { href: REMINDERS } },
    });
  });

  it('replaces a reminder with the same title and time (the same instant in any offset), and keeps the others', async () => {
    const user = await signedInUser(app);
    await add(user, [
      { title: 'Call grandma', time: '2030-05-04T09:00:00Z', frequency_days: 7 },
      { title: 'Call grandma', time: '2030-05-05T09:00:00Z', frequency_days: 7 },
    ]).expect(201);

    await add(user, [{ title: 'Call grandma ', time: '2030-05-04T10:00:00.000+01:00', frequency_days: 14 }]).expect(201);

    expect(await list(user)).toEqual([
      { title: 'Call grandma', time: '2030-05-04T09:00:00.000Z', frequency_days: 14, related_user: null },
      { title: 'Call grandma', time: '2030-05-05T09:00:00.000Z', frequency_days: 7, related_user: null },
    ]);
  });

  it('removes reminders by title and time (204), passes over ones the user does not have, and is harmless twice', async () => {
    const user = await signedInUser(app);
    await add(user, [
      { title: 'Call grandma', time: '2030-05-04T09:00:00Z' },
      { title: 'Water the plants', time: '2030-05-04T18:00:00Z', frequency_days: 3 },
    ]).expect(201);

    const removal = [
      { title: ' Call grandma', time: '2030-05-04T11:00:00+02:00' },
      { title: 'Never set', time: '2030-01-01T00:00:00Z' },
    ];
    const removed = await remove(user, removal);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect(await list(user)).toEqual([expect.objectContaining({ title: 'Water the plants' })]);

    await remove(user, removal).expect(204);
    expect(await list(user)).toHaveLength(1);
  });

  it('publishes users.user-reminder-added.v1 and users.user-reminder-removed.v1, once per change', async () => {
    const user = await signedInUser(app);
    const reminder = { title: 'Call grandma', time: '2030-05-04T09:00:00Z', frequency_days: 7 };
    await add(user, [reminder]).expect(201);
    // The same reminder again changes nothing, so nothing is published for it.
    await add(user, [reminder]).expect(201);
    await remove(user, [{ title: reminder.title, time: reminder.time }]).expect(204);
    const at = app.clock.now().toISOString();

    expect((await reminderEventsOf(user.id)).map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'users.user-reminder-added.v1',
        payload: {
          user_id: user.id,
          title: 'Call grandma',
          time: '2030-05-04T09:00:00.000Z',
          frequency_days: 7,
          related_user: null,
          added_at: at,
        },
      },
      {
        type: 'users.user-reminder-removed.v1',
        payload: { user_id: user.id, title: 'Call grandma', time: '2030-05-04T09:00:00.000Z', removed_at: at },
      },
    ]);
  });

  it('shows users their own reminders only', async () => {
    const ada = await signedInUser(app);
    const bob = await signedInUser(app);
    await add(ada, [{ title: 'Call grandma', time: '2030-05-04T09:00:00Z' }]).expect(201);

    expect(await list(bob)).toEqual([]);
    // Bob removing a reminder named like Ada's removes nothing of hers.
    await remove(bob, [{ title: 'Call grandma', time: '2030-05-04T09:00:00Z' }]).expect(204);
    expect(await list(ada)).toHaveLength(1);
  });

  describe('refuses with 400, naming each broken field by its index, and changes nothing', () => {
    it.each<[string, unknown[], string[]]>([
      ['an empty title', [{ title: '   ', time: '2030-05-04T09:00:00Z' }], ['0.title']],
      ['a title over 64 characters', [{ title: 'x'.repeat(65), time: '2030-05-04T09:00:00Z' }], ['0.title']],
      ['a date without a time', [{ title: 'a', time: '2030-05-04' }], ['0.time']],
      ['a local time without an offset', [{ title: 'a', time: '2030-05-04T09:00:00' }], ['0.time']],
      ['a day that does not exist', [{ title: 'a', time: '2030-02-30T09:00:00Z' }], ['0.time']],
      ['a time as a number', [{ title: 'a', time: 1_900_000_000_000 }], ['0.time']],
      ['a negative frequency', [{ title: 'a', time: '2030-05-04T09:00:00Z', frequency_days: -1 }], ['0.frequency_days']],
      ['a frequency over ten years', [{ title: 'a', time: '2030-05-04T09:00:00Z', frequency_days: 3651 }], ['0.frequency_days']],
      ['a fractional frequency', [{ title: 'a', time: '2030-05-04T09:00:00Z', frequency_days: 1.5 }], ['0.frequency_days']],
      ['a related user that is no id', [{ title: 'a', time: '2030-05-04T09:00:00Z', related_user: 'bob' }], ['0.related_user']],
      ['an unknown field', [{ title: 'a', time: '2030-05-04T09:00:00Z', repeat: 'weekly' }], ['0.repeat']],
      ['a missing title', [{ time: '2030-05-04T09:00:00Z' }], ['0.title']],
      [
        'several broken elements at once',
        [{ title: 'ok', time: '2030-05-04T09:00:00Z' }, { title: 'a', time: 'soon' }, 'call grandma'],
        ['1.time', '2'],
      ],
    ])('%s', async (_, body, fields) => {
      const user = await signedInUser(app);

      const response = await add(user, body);

      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect([...new Set((response.body.errors as Array<{ field: string }>).map((error) => error.field))].sort()).toEqual(fields);
      expect(await list(user)).toEqual([]);
    });

    it.each<[string, unknown]>([
      ['an object', { title: 'a', time: '2030-05-04T09:00:00Z' }],
      ['an empty array', []],
      ['more than 50 reminders', Array.from({ length: 51 }, (_, index) => ({ title: `r${index}`, time: '2030-05-04T09:00:00Z' }))],
    ])('a body that is %s', async (_, body) => {
      const user = await signedInUser(app);

      const response = await add(user, body);

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('reminders') }]);
      expect(await list(user)).toEqual([]);
    });

    it('a JSON null, a string and no body at all', async () => {
      const user = await signedInUser(app);
      for (const text of ['null', '"call grandma"']) {
        const response = await user.as(app.http().post(REMINDERS)).set('Content-Type', 'application/json').send(text);
        expect({ text, status: response.status }).toEqual({ text, status: 400 });
      }
      expect((await user.as(app.http().post(REMINDERS))).status).toBe(400);
    });

    it('a removal with a broken element or an unknown field', async () => {
      const user = await signedInUser(app);
      await add(user, [{ title: 'Call grandma', time: '2030-05-04T09:00:00Z' }]).expect(201);

      const response = await remove(user, [
        { title: 'Call grandma', time: '2030-05-04T09:00:00Z' },
        { title: 'Call grandma', time: '2030-05-04T09:00:00Z', frequency_days: 0 },
      ]);

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: '1.frequency_days' })]);
      expect(await remove(user, { title: 'Call grandma', time: '2030-05-04T09:00:00Z' })).toHaveProperty('status', 400);
      expect(await list(user)).toHaveLength(1);
    });
  });

  it('keeps at most 100 reminders per user: beyond that 422, and nothing of the request is set', async () => {
    const user = await signedInUser(app);
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => ({ title: `Reminder ${from + index}`, time: '2030-05-04T09:00:00Z' }));
    await add(user, batch(0, 50)).expect(201);
    await add(user, batch(50, 49)).expect(201);

    const refused = await add(user, [...batch(0, 1), ...batch(99, 2)]);

    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('A user keeps at most 100 reminders: you have 99, and these would make 101. Remove some first');
    expect(await list(user)).toHaveLength(99);
    // Replacing one the user has, beside one new one, stays within the limit.
    await add(user, [...batch(0, 1), ...batch(99, 1)]).expect(201);
    expect(await list(user)).toHaveLength(100);
  });

  it('answers 401 without a token, or with a refresh token as the bearer token, on every route, and changes nothing', async () => {
    const user = await signedInUser(app);
    await add(user, [{ title: 'Call grandma', time: '2030-05-04T09:00:00Z' }]).expect(201);
    const body = [{ title: 'Call grandma', time: '2030-05-04T09:00:00Z' }];

    for (const bearer of [undefined, user.refreshToken]) {
      const withToken = (request: ReturnType<ReturnType<TestApp['http']>['get']>) =>
        bearer ? request.set('Authorization', `Bearer ${bearer}`) : request;
      const answers = [
        await withToken(app.http().post(REMINDERS)).send([{ title: 'Other', time: '2030-05-04T09:00:00Z' }]),
        await withToken(app.http().get(REMINDERS)),
        await withToken(app.http().delete(REMINDERS)).send(body),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      expect(answers[0].headers['content-type']).toContain('application/problem+json');
    }
    expect(await list(user)).toEqual([expect.objectContaining({ title: 'Call grandma' })]);
  });

  it('documents both array bodies with examples that work as Swagger UI pre-fills them', async () => {
    const spec = (await app.http().get('/docs-json').expect(200)).body;
    const user = await signedInUser(app);
    const bodyOf = (method: string) => spec.paths[REMINDERS][method].requestBody.content['application/json'];

    for (const method of ['post', 'delete']) {
      expect(bodyOf(method).schema).toEqual({ type: 'array', items: { $ref: expect.stringMatching(/Reminder.*RequestDto$/) } });
    }
    const [added] = Object.values(bodyOf('post').examples as Record<string, { value: unknown[] }>);
    const [removed] = Object.values(bodyOf('delete').examples as Record<string, { value: unknown[] }>);
    await add(user, added.value).expect(201);
    expect(await list(user)).toHaveLength(added.value.length);
    await remove(user, removed.value).expect(204);
    expect(await list(user)).toHaveLength(added.value.length - removed.value.length);
  });

  itRacing('two requests at once for one user both keep their reminders (the loser is run again)', async () => {
    const user = await signedInUser(app);
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all([
        add(user, [{ title: `Morning ${round}`, time: '2030-05-04T09:00:00Z' }]),
        add(user, [{ title: `Evening ${round}`, time: '2030-05-04T21:00:00Z' }]),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    }

    const titles = (await list(user)).map((reminder) => reminder.title);
    expect(titles.sort()).toEqual([0, 1, 2, 3, 4].flatMap((round) => [`Evening ${round}`, `Morning ${round}`]).sort());
  });
});
