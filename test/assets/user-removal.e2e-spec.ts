import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { assetFor, markedBytes, storageKeyOf, storedObjects } from '../support/asset-files-client';
import { assetCreated, getAsset } from '../support/assets-client';
import { eventually } from '../support/eventually';
import { bearer, type Member, member } from '../support/keeps-client';
import { activeAssetCreated } from '../support/active-assets';
import {
  DAY_MS,
  fromNow,
  getRelease,
  incomingIds,
  keepsOfEachOther,
  myAssetIds,
  releaseScheduled,
  triggerRelease,
} from '../support/legacy-client';
import { logIn } from '../support/users-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient, UNLIMITED_LOGINS } from '../support/users-admin-client';
import { uploadMultipart } from '../support/asset-files-client';
import { USER_DIRECTORY, type UserDirectory } from '../../libs/assets/src/service_layer/ports/user-directory.port';

jest.setTimeout(30_000);

describe('Removing an account, as the assets context sees it', () => {
  let app: TestApp;
  let admin: AdminClient;

  beforeAll(async () => {
    app = await startTestApp({ ...ADMIN_SETTINGS, ...UNLIMITED_LOGINS });
    admin = new AdminClient(app);
  }, 60_000);
  afterAll(() => app.close());

  /** The states of a user's assets, by id, through the admin list. */
  const statesOf = async (ownerId: string): Promise<Record<string, string>> => {
    const answer = await admin.get(`/api/v1/assets?owner_id=${ownerId}&size=100`);
    expect(answer.status).toBe(200);
    return Object.fromEntries((answer.body._embedded.assets as Array<{ id: string; state: string }>).map(({ id, state }) => [id, state]));
  };
  const allRemoved = (states: Record<string, string>) => Object.values(states).every((state) => state === 'removed');
  /** Whether storage still holds the asset's file, once it stops doing so (the removal deletes it after its commit) or 10 s pass. */
  const fileGone = async (assetId: string): Promise<boolean> => {
    const held = () => storedObjects(app.storageDirectory).then((stored) => stored.has(storageKeyOf(assetId)));
    return !(await eventually(held, (there) => !there).catch(() => true));
  };

  /** An uploaded asset (its file in storage) and one still waiting for its file. */
  async function assetsOf(who: Member): Promise<{ uploaded: string; pending: string }> {
    const bytes = markedBytes(5000);
    const { id, uploadUrl } = await assetFor(app, who, bytes);
    expect((await uploadMultipart(app, who, uploadUrl, bytes)).status).toBe(201);
    const pending = await assetCreated(app, who);
    return { uploaded: id, pending: pending.id };
  }

  it('DELETE /api/v1/me removes the assets the user owned alone: files and data keys gone, others’ assets untouched', async () => {
    const [ada, bob] = [await member(app), await member(app)];
    const adas = await assetsOf(ada);
    const bobs = await assetsOf(bob);
    expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(adas.uploaded))).toBe(true);

    // The assets context's own copy of users learnt of ada from the users context's events.
    const directory = app.app.get<UserDirectory>(USER_DIRECTORY);
    expect(
      await eventually(
        () => directory.find(ada.id),
        (known) => known?.state === 'active',
      ),
    ).toEqual({
      userId: ada.id,
      username: ada.registration.username,
      publicName: ada.registration.public_name ?? null,
      email: ada.registration.email,
      state: 'active',
    });

    const removed = await app.http().delete('/api/v1/me').set('Authorization', bearer(ada));
    expect(removed.status).toBe(204);

    expect(await eventually(() => statesOf(ada.id), allRemoved)).toEqual({ [adas.uploaded]: 'removed', [adas.pending]: 'removed' });
    expect(await fileGone(adas.uploaded)).toBe(true);
    expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(bobs.uploaded))).toBe(true);
    const published = await admin.outboxOf(adas.uploaded);
    expect(published.at(-1)).toMatchObject({
      type: 'assets.asset-removed.v1',
      payload: expect.objectContaining({ asset_id: adas.uploaded, owners_id: [ada.id], removed_by: ada.id }),
    });
    expect(await statesOf(bob.id)).toEqual({ [bobs.uploaded]: 'active', [bobs.pending]: 'pending' });
    expect((await getAsset(app, bob, bobs.uploaded)).status).toBe(200);
    expect(
      await eventually(
        () => directory.find(ada.id),
        (known) => known?.state === 'removed',
      ),
    ).toMatchObject({ email: null, publicName: null });
  });

  it('cancels the live releases of a removed user, leaves co-owned assets to their other owners and removes the rest', async () => {
    const { owner: ada, receiver: bob } = await keepsOfEachOther(app);
    const [shared, sole] = [await activeAssetCreated(app, ada), await activeAssetCreated(app, ada)];
    const coOwnership = await releaseScheduled(app, ada, 'transfer', {
      name: 'Shared photos',
      assets: [shared],
      receivers: [bob.id],
      bequest_type: 'co_ownership',
    });
    expect((await triggerRelease(app, bob, coOwnership)).status).toBe(202);
    expect((await getAsset(app, bob, shared)).body.owners_id).toEqual(expect.arrayContaining([ada.id, bob.id]));
    const live = await releaseScheduled(app, ada, 'in-a-bottle', {
      name: 'Someday',
      assets: [sole],
      receivers: [bob.id],
      min_date: fromNow(app, 10 * DAY_MS),
      max_date: fromNow(app, 20 * DAY_MS),
    });
    expect((await getRelease(app, bob, live)).body).toMatchObject({ state: 'scheduled' });
    expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(sole))).toBe(true);

    // Removing one's account asks for a fresh sign-in.
    const fresh = await logIn(app, ada.registration);
    expect((await app.http().delete('/api/v1/me').set('Authorization', bearer(fresh.access_token))).status).toBe(204);

    const ended = await eventually(
      () => getRelease(app, bob, live),
      (answer) => answer.body.state !== 'scheduled',
    );
    expect({ status: ended.status, body: ended.body as unknown }).toMatchObject({
      status: 200,
      body: { state: 'cancelled', canceled_by: null, cancel_reason: 'user removed' },
    });
    expect(await incomingIds(app, bob)).not.toContain(live);
    expect(
      await eventually(
        () => statesOf(ada.id),
        (states) => states[sole] === 'removed',
      ),
    ).toMatchObject({ [sole]: 'removed' });
    expect((await getAsset(app, bob, sole)).status).toBe(404);
    expect(await fileGone(sole)).toBe(true);
    expect(await myAssetIds(app, bob)).toContain(shared);
    const kept = await getAsset(app, bob, shared);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ state: 'active', owners_id: [bob.id] });
    expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(shared))).toBe(true);
  });

  it('an administrator’s removal of an account does the same', async () => {
    const carl = await member(app);
    const carls = await assetsOf(carl);

    expect((await admin.remove(carl.id)).status).toBe(204);

    expect(await eventually(() => statesOf(carl.id), allRemoved)).toEqual({ [carls.uploaded]: 'removed', [carls.pending]: 'removed' });
    expect(await fileGone(carls.uploaded)).toBe(true);
  });
});
