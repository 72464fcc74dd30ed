import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { activeAssetCreated } from '../support/active-assets';
import { download, markedBytes } from '../support/asset-files-client';
import { getAsset, myAssets, removeAsset, updateAsset } from '../support/assets-client';
import { member, type Member, pendingActions } from '../support/keeps-client';
import {
  assetReleased,
  cancelRelease,
  DAY_MS,
  fromNow,
  getRelease,
  incomingIds,
  keepsOfEachOther,
  myAssetIds,
  myLegacy,
  releaseOnceItShows,
  releaseScheduled,
  scheduleRelease,
  timePasses,
  triggerRelease,
} from '../support/legacy-client';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';

// Each test signs people up, each with a password hash and an activation mail: on the MongoDB wire
// lane that alone takes seconds.
jest.setTimeout(60_000);

describe('Legacy: releasing assets', () => {
  let app: TestApp;
  let admin: AdminClient;

  beforeAll(async () => {
    app = await startTestApp(ADMIN_SETTINGS);
    admin = new AdminClient(app);
  }, 60_000);
  afterAll(() => app.close());

  /** What the owner may no longer do with an asset a release holds, and where it no longer shows. */
  const expectHidden = async (owner: Member, assetId: string) => {
    expect(await myAssetIds(app, owner)).not.toContain(assetId);
    expect((await getAsset(app, owner, assetId)).status).toBe(404);
    expect((await updateAsset(app, owner, assetId, { title: 'Changed' })).status).toBe(409);
    expect((await removeAsset(app, owner, assetId)).status).toBe(409);
  };

  const expectReleasedTo = async (receiver: Member, assetId: string) => {
    expect(await myAssetIds(app, receiver)).toContain(assetId);
    const file = await download(app, receiver, assetId);
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, markedBytes(1000))).toBe(0);
  };

  describe('to future self', () => {
    it('hides the asset until the date, then gives it back to its owner when they trigger it', async () => {
      const ada = await member(app);
      const assetId = await activeAssetCreated(app, ada);
      const releaseId = await releaseScheduled(app, ada, 'to-future-self', {
        name: 'For my 50th birthday',
        description: 'What I hoped for at 30',
        assets: [`/api/v1/assets/${assetId}`],
        scheduled_date: fromNow(app, 30 * DAY_MS),
      });
      await expectHidden(ada, assetId);

      const shown = await getRelease(app, ada, releaseId);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        id: releaseId,
        state: 'scheduled',
        release_type: 'to_future_self',
        bequest_type: 'self',
        name: 'For my 50th birthday',
        owner_id: ada.id,
        receivers_id: [ada.id],
        assets_id: [assetId],
        time_has_come: false,
        needs_location: false,
        _links: { self: { href: `/api/v1/legacy/${releaseId}` }, trigger: { href: `/api/v1/legacy/${releaseId}/trigger` } },
      });
      expect(new Date(shown.body.release_time).getTime()).toBeGreaterThan(app.clock.now().getTime());
      const mine = await myLegacy(app, ada);
      expect(mine.body._embedded.releases.map((release: { id: string }) => release.id)).toEqual([releaseId]);
      expect(await incomingIds(app, ada)).toEqual([]);

      const early = await triggerRelease(app, ada, releaseId);
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/time has not come/);

      await timePasses(app, 31 * DAY_MS, ada);
      expect(await incomingIds(app, ada)).toEqual([releaseId]);
      expect((await pendingActions(app, ada)).body.legacy).toBe(1);
      const triggered = await triggerRelease(app, ada, releaseId);
      expect(triggered.status).toBe(202);
      expect(triggered.headers.location).toBe('/api/v1/me/assets');
      await expectReleasedTo(ada, assetId);
      expect((await getRelease(app, ada, releaseId)).body).toMatchObject({ state: 'released', released_by: ada.id });
      expect(await incomingIds(app, ada)).toEqual([]);
      expect((await pendingActions(app, ada)).body.legacy).toBe(0);
      expect((await triggerRelease(app, ada, releaseId)).status).toBe(409);
    });
  });

  describe('transfer', () => {
    it('as a gift at once: the receiver takes the asset over, the owner no longer has it', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'transfer', { receivers: [`/api/v1/users/${receiver.id}`] });
      await expectHidden(owner, assetId);
      expect(await incomingIds(app, receiver)).toEqual([releaseId]);
      expect((await pendingActions(app, receiver)).body.legacy).toBe(1);
      expect((await getRelease(app, receiver, releaseId)).body).toMatchObject({
        state: 'scheduled',
        bequest_type: 'gift',
        release_time: null,
        time_has_come: true,
      });

      const triggered = await triggerRelease(app, receiver, releaseId);
      expect(triggered.status).toBe(202);
      expect(triggered.headers.location).toBe('/api/v1/me/assets');
      await expectReleasedTo(receiver, assetId);
      expect(await myAssetIds(app, owner)).not.toContain(assetId);
      expect((await getAsset(app, owner, assetId)).status).toBe(404);
      expect((await getRelease(app, owner, releaseId)).body).toMatchObject({ state: 'released', released_by: receiver.id });
      expect((await pendingActions(app, receiver)).body.legacy).toBe(0);
    });

    it('in co-ownership at a date: not before it, then both own the asset', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'transfer', {
        receivers: [receiver.id],
        scheduled_date: fromNow(app, 7 * DAY_MS),
        bequest_type: 'co_ownership',
      });
      expect(await incomingIds(app, receiver)).toEqual([]);
      const early = await triggerRelease(app, receiver, releaseId);
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/time has not come/);

      await timePasses(app, 8 * DAY_MS, owner, receiver);
      expect(await incomingIds(app, receiver)).toEqual([releaseId]);
      expect((await triggerRelease(app, receiver, releaseId)).status).toBe(202);
      await expectReleasedTo(receiver, assetId);
      await expectReleasedTo(owner, assetId);
      expect((await getAsset(app, owner, assetId)).body.owners_id).toEqual(expect.arrayContaining([owner.id, receiver.id]));
    });
  });

  describe('hide and seek', () => {
    it('opens only for the right place, which its receivers never see', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'hide-and-seek', {
        receivers: [receiver.id],
        location: 'Sagrada Família',
      });
      expect((await getRelease(app, owner, releaseId)).body).toMatchObject({ location: 'sagradafamília', needs_location: true });
      expect((await getRelease(app, receiver, releaseId)).body).toMatchObject({ location: null, needs_location: true });
      expect(await incomingIds(app, receiver)).toEqual([releaseId]);
      const withProfiles = await releaseOnceItShows(app, receiver, releaseId, (body) =>
        (body.receivers as { username: string | null }[]).every((party) => party.username !== null),
      );
      expect(withProfiles).toMatchObject({
        owner: { id: owner.id, username: owner.registration.username },
        receivers: [{ id: receiver.id, username: receiver.registration.username, public_name: null }],
      });

      for (const body of [{}, { geo_location: 'Park Güell' }]) {
        const refused = await triggerRelease(app, receiver, releaseId, body);
        expect(refused.status).toBe(409);
        expect(refused.body.detail).toMatch(/not the place/);
      }
      expect((await triggerRelease(app, receiver, releaseId, { geo_location: ' sagrada  FAMÍLIA ' })).status).toBe(202);
      await expectReleasedTo(receiver, assetId);
      expect(await myAssetIds(app, owner)).not.toContain(assetId);
    });
  });

  describe('time capsule', () => {
    it('opens at the place once the date has come, and not before', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'time-capsule', {
        receivers: [receiver.id],
        location: 'Lyon',
        scheduled_date: fromNow(app, 2 * DAY_MS),
      });
      expect(await incomingIds(app, receiver)).toEqual([]);
      const early = await triggerRelease(app, receiver, releaseId, { geo_location: 'Lyon' });
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/time has not come/);

      await timePasses(app, 3 * DAY_MS, receiver);
      expect(await incomingIds(app, receiver)).toEqual([releaseId]);
      const elsewhere = await triggerRelease(app, receiver, releaseId, { geo_location: 'Paris' });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.detail).toMatch(/not the place/);
      expect((await triggerRelease(app, receiver, releaseId, { geo_location: 'lyon' })).status).toBe(202);
      await expectReleasedTo(receiver, assetId);
    });
  });

  describe('in a bottle', () => {
    it('comes at a secret time between min and max, shown to nobody before it passes', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'in-a-bottle', {
        receivers: [receiver.id],
        min_date: fromNow(app, 10 * DAY_MS),
        max_date: fromNow(app, 20 * DAY_MS),
      });
      for (const who of [owner, receiver]) {
        expect((await getRelease(app, who, releaseId)).body).toMatchObject({ release_type: 'in_a_bottle', release_time: null });
      }
      const listed = await admin.get(`/api/v1/legacy?owner_id=${owner.id}`);
      expect(listed.status).toBe(200);
      expect(listed.body._embedded.releases).toEqual([expect.objectContaining({ id: releaseId, release_time: null, location: null })]);
      expect(await incomingIds(app, receiver)).toEqual([]);
      expect((await triggerRelease(app, receiver, releaseId)).status).toBe(409);

      await timePasses(app, 21 * DAY_MS, receiver);
      const seen = await getRelease(app, receiver, releaseId);
      expect(new Date(seen.body.release_time).getTime()).toBeLessThanOrEqual(app.clock.now().getTime());
      expect(await incomingIds(app, receiver)).toEqual([releaseId]);
      expect((await triggerRelease(app, receiver, releaseId)).status).toBe(202);
      await expectReleasedTo(receiver, assetId);
    });
  });

  describe('cancelling', () => {
    it('by the owner or a receiver shows the assets again; anyone else is told there is no such release', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const stranger = await member(app);
      const byOwner = await assetReleased(app, owner, 'transfer', { receivers: [receiver.id], scheduled_date: fromNow(app, DAY_MS) });
      const byReceiver = await assetReleased(app, owner, 'hide-and-seek', { receivers: [receiver.id], location: 'Lyon' });

      for (const answer of [
        await cancelRelease(app, stranger, byOwner.releaseId),
        await getRelease(app, stranger, byOwner.releaseId),
        await triggerRelease(app, stranger, byReceiver.releaseId, { geo_location: 'Lyon' }),
      ]) {
        expect(answer.status).toBe(404);
      }
      expect((await getRelease(app, owner, byOwner.releaseId)).body.state).toBe('scheduled');

      expect((await cancelRelease(app, owner, byOwner.releaseId)).status).toBe(204);
      expect((await cancelRelease(app, receiver, byReceiver.releaseId)).status).toBe(204);
      expect((await getRelease(app, owner, byOwner.releaseId)).body).toMatchObject({ state: 'cancelled', canceled_by: owner.id });
      expect((await getRelease(app, receiver, byReceiver.releaseId)).body).toMatchObject({ state: 'cancelled', canceled_by: receiver.id });
      expect(await myAssetIds(app, owner)).toEqual(expect.arrayContaining([byOwner.assetId, byReceiver.assetId]));
      expect(await incomingIds(app, receiver)).toEqual([]);
      expect((await triggerRelease(app, receiver, byReceiver.releaseId, { geo_location: 'Lyon' })).status).toBe(409);
      expect((await cancelRelease(app, owner, byOwner.releaseId)).status).toBe(409);
      const cancelled = await myLegacy(app, owner, '', '?state=cancelled');
      expect(cancelled.body.page.total_elements).toBe(2);
    });
  });

  describe('at once', () => {
    itRacing('a trigger twice at once: one 202, the other 409, and the asset is handed on once', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'transfer', { receivers: [receiver.id] });

      const answers = await Promise.all([triggerRelease(app, receiver, releaseId), triggerRelease(app, receiver, releaseId)]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
      expect((await getAsset(app, receiver, assetId)).body.owners_id).toEqual([receiver.id]);
      expect((await getRelease(app, owner, releaseId)).body.state).toBe('released');
    });

    itRacing('a trigger and a cancel at once: one of them wins, the other gets 409, and the asset is where the winner put it', async () => {
      const { owner, receiver } = await keepsOfEachOther(app);
      const { assetId, releaseId } = await assetReleased(app, owner, 'transfer', { receivers: [receiver.id] });

      const [triggered, cancelled] = await Promise.all([triggerRelease(app, receiver, releaseId), cancelRelease(app, owner, releaseId)]);

      expect([triggered.status, cancelled.status].sort()).toEqual(triggered.status === 202 ? [202, 409] : [204, 409]);
      const state = (await getRelease(app, owner, releaseId)).body.state;
      expect(state).toBe(triggered.status === 202 ? 'released' : 'cancelled');
      expect(await myAssetIds(app, triggered.status === 202 ? receiver : owner)).toContain(assetId);
    });
  });

  describe('refusals', () => {
    let owner: Member;
    let receiver: Member;
    let assetId: string;

    beforeAll(async () => {
      ({ owner, receiver } = await keepsOfEachOther(app));
      assetId = await activeAssetCreated(app, owner);
    });

    const transfer = (body: Record<string, unknown>, who = owner) =>
      scheduleRelease(app, who, 'transfer', { name: 'Photos', assets: [assetId], receivers: [receiver.id], ...body });

    it('answers another’s, an unknown or a pending asset with 404', async () => {
      const others = await activeAssetCreated(app, receiver);
      for (const assets of [[others], [crypto.randomUUID()], [assetId, others]]) {
        const refused = await transfer({ assets });
        expect(refused.status).toBe(404);
      }
      expect(await myAssetIds(app, owner)).toContain(assetId);
      expect(await myAssetIds(app, receiver)).toContain(others);
    });

    it('answers a receiver who is not a keep of the owner with 422 naming them', async () => {
      const stranger = await member(app);
      const refused = await transfer({ receivers: [receiver.id, stranger.id] });
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain(stranger.id);
      expect(refused.body.detail).not.toContain(receiver.id);
      expect(await myAssetIds(app, owner)).toContain(assetId);
    });

    it('answers past dates, min after max, empty lists and malformed references with 400', async () => {
      const refusals: Array<[string, Record<string, unknown>]> = [
        ['transfer', { scheduled_date: fromNow(app, -DAY_MS) }],
        ['transfer', { scheduled_date: 'next tuesday' }],
        ['transfer', { assets: [] }],
        ['transfer', { receivers: [] }],
        ['transfer', { assets: ['/api/v1/users/' + crypto.randomUUID()] }],
        ['transfer', { bequest_type: 'self' }],
        ['to-future-self', { scheduled_date: fromNow(app, -DAY_MS), receivers: undefined }],
        ['in-a-bottle', { min_date: fromNow(app, 20 * DAY_MS), max_date: fromNow(app, 10 * DAY_MS) }],
        ['in-a-bottle', { min_date: fromNow(app, -DAY_MS) }],
        ['time-capsule', { location: 'Lyon', scheduled_date: fromNow(app, -DAY_MS) }],
        ['hide-and-seek', { location: '   ' }],
      ];
      for (const [route, body] of refusals) {
        const sent = { name: 'Photos', assets: [assetId], receivers: [receiver.id], ...body };
        const refused = await scheduleRelease(app, owner, route as 'transfer', JSON.parse(JSON.stringify(sent)) as Record<string, unknown>);
        expect({ route, body, status: refused.status }).toEqual({ route, body, status: 400 });
      }
      expect(await myAssetIds(app, owner)).toContain(assetId);
    });

    it('answers a second live release of the same name sharing an asset with 409, and keeps the first', async () => {
      const [one, two] = [await activeAssetCreated(app, owner), await activeAssetCreated(app, owner)];
      const first = await releaseScheduled(app, owner, 'transfer', { name: 'Twice', assets: [one], receivers: [receiver.id] });
      const again = await scheduleRelease(app, owner, 'transfer', { name: 'Twice', assets: [one, two], receivers: [receiver.id] });
      expect(again.status).toBe(409);
      expect(await myAssetIds(app, owner)).toContain(two);
      expect((await getRelease(app, owner, first)).body.state).toBe('scheduled');
    });

    it('answers a trigger by the owner of a gift, like anyone but a receiver, with 404', async () => {
      const { releaseId } = await assetReleased(app, owner, 'transfer', { receivers: [receiver.id] });
      expect((await triggerRelease(app, owner, releaseId)).status).toBe(404);
      expect((await getRelease(app, owner, releaseId)).body.state).toBe('scheduled');
    });
  });

  describe('lists', () => {
    it('pages an owner’s releases and filters them by state; the admin list needs the admin scope', async () => {
      const ada = await member(app);
      const ids = [];
      for (let index = 0; index < 3; index++) {
        ids.push((await assetReleased(app, ada, 'to-future-self', { scheduled_date: fromNow(app, DAY_MS) })).releaseId);
      }
      const first = await myLegacy(app, ada, '', '?size=2');
      expect(first.status).toBe(200);
      expect(first.body.page).toEqual({ number: 0, size: 2, total_elements: 3, total_pages: 2 });
      const second = await app.http().get(first.body._links.next.href).set('Authorization', `Bearer ${ada.token}`);
      const listed = [...first.body._embedded.releases, ...second.body._embedded.releases].map((release: { id: string }) => release.id);
      expect(listed.sort()).toEqual([...ids].sort());
      expect((await myLegacy(app, ada, '', '?state=released')).body.page.total_elements).toBe(0);
      expect((await myLegacy(app, ada, '', '?state=lost')).status).toBe(400);
      expect((await app.http().get('/api/v1/legacy').set('Authorization', `Bearer ${ada.token}`)).status).toBe(403);
      const all = await admin.get(`/api/v1/legacy?owner_id=${ada.id}&state=scheduled`);
      expect(all.body.page.total_elements).toBe(3);
      expect((await myAssets(app, ada)).body.page.total_elements).toBe(0);
    });
  });
});
