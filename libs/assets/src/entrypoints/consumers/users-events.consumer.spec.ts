import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CLOCK,
  type IntegrationMessage,
  MESSAGE_BROKER,
  type MessageConsumer,
  MessageMetadataFactory,
  UNIT_OF_WORK,
} from '@keepem/shared/service_layer';
import { integrationMessage } from '@keepem/shared/testing';
import {
  PUBLIC_PROFILE_CHANGED_V1,
  type PublicProfileChangedV1,
  USER_ACTIVATED_V1,
  USER_REGISTERED_V1,
  type UserActivatedV1,
  type UserRegisteredV1,
  USER_REMOVED_V1,
  type UserRemovedV1,
} from '@keepem/users';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { DocumentUserDirectory } from '../../adapters/document-user.directory';
import { RecordKnownUserHandler } from '../../service_layer/commands/record-known-user.handler';
import { DIRECTORY_ENTRY_REPOSITORY } from '../../service_layer/ports/directory-entry.repository.port';
import { AssetRelease, type ReleaseId } from '../../domain/asset-release.aggregate';
import { Asset, type AssetId, type OwnerId } from '../../domain/asset.aggregate';
import { RemoveUserHoldingsHandler } from '../../service_layer/commands/remove-user-holdings.handler';
import { ASSET_RELEASE_REPOSITORY } from '../../service_layer/ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../../service_layer/ports/asset.repository.port';
import { FILE_STORAGE } from '../../service_layer/ports/file-storage.port';
import { UsersEventsConsumer } from './users-events.consumer';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute)).toISOString();

describe('UsersEventsConsumer', () => {
  let fixture: AssetsFixture;
  let app: TestingModule;
  let consumers: MessageConsumer[];

  beforeEach(async () => {
    fixture = await assetsFixture();
    consumers = [];
    app = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        UsersEventsConsumer,
        RecordKnownUserHandler,
        RemoveUserHoldingsHandler,
        MessageMetadataFactory,
        { provide: UNIT_OF_WORK, useValue: fixture.unitOfWork },
        { provide: CLOCK, useValue: fixture.clock },
        { provide: MESSAGE_BROKER, useValue: { subscribe: (consumer: MessageConsumer) => consumers.push(consumer) } },
        { provide: FILE_STORAGE, useValue: fixture.storage },
      ],
    }).compile();
    await app.init();
  });
  afterEach(async () => {
    await app.close();
    await fixture.close();
  });

  const deliver = async (message: IntegrationMessage) => {
    const interested = consumers.filter((candidate) => candidate.source === message.source && candidate.eventTypes.includes(message.type));
    expect(interested.length).toBeGreaterThan(0);
    for (const consumer of interested) {
      await consumer.handle(message);
    }
  };
  const known = (userId: string) => new DocumentUserDirectory(fixture.reader).find(userId);

  describe('the assets context’s copy of users', () => {
    const userId = crypto.randomUUID();
    const registered = (fields: Partial<UserRegisteredV1> = {}) =>
      integrationMessage({
        source: 'users',
        type: USER_REGISTERED_V1.type,
        aggregateId: userId,
        payload: {
          user_id: userId,
          username: 'ada',
          email: 'ada@example.com',
          public_name: null,
          referred_by: null,
          activation_required: true,
          registered_at: at(1),
          ...fields,
        } satisfies UserRegisteredV1,
      });
    const activated = (fields: Partial<UserActivatedV1> = {}) =>
      integrationMessage({
        source: 'users',
        type: USER_ACTIVATED_V1.type,
        aggregateId: userId,
        payload: {
          user_id: userId,
          username: 'ada',
          email: 'ada@example.com',
          public_name: null,
          address_confirmed: true,
          referred_by: null,
          activated_at: at(2),
          ...fields,
        } satisfies UserActivatedV1,
      });
    const profile = (fields: Partial<PublicProfileChangedV1>) =>
      integrationMessage({
        source: 'users',
        type: PUBLIC_PROFILE_CHANGED_V1.type,
        aggregateId: userId,
        payload: {
          user_id: userId,
          username: 'ada',
          public_name: null,
          state: 'active',
          changed_at: at(3),
          ...fields,
        } satisfies PublicProfileChangedV1,
      });

    it('learns a user’s address and profile from their sign-up, activation and profile changes', async () => {
      await deliver(registered());
      expect(await known(userId)).toEqual({ userId, username: 'ada', publicName: null, email: 'ada@example.com', state: 'pending' });

      await deliver(activated());
      expect(await known(userId)).toMatchObject({ state: 'active', email: 'ada@example.com' });

      await deliver(profile({ public_name: 'Ada Lovelace', changed_at: at(3) }));
      expect(await known(userId)).toEqual({
        userId,
        username: 'ada',
        publicName: 'Ada Lovelace',
        email: 'ada@example.com',
        state: 'active',
      });
    });

    it('counts an account created active (the seeded administrator) as active from its sign-up', async () => {
      await deliver(registered({ activation_required: false }));

      expect(await known(userId)).toMatchObject({ state: 'active' });
    });

    it('never rolls a profile back for an older event that arrives late', async () => {
      await deliver(profile({ public_name: 'Ada Lovelace', changed_at: at(3) }));
      await deliver(activated());
      await deliver(registered());
      await deliver(profile({ public_name: null, state: 'pending', changed_at: at(1) }));

      expect(await known(userId)).toEqual({
        userId,
        username: 'ada',
        publicName: 'Ada Lovelace',
        email: 'ada@example.com',
        state: 'active',
      });
    });

    it('keeps no address for a removed user, whatever arrives after', async () => {
      await deliver(activated());
      await deliver(profile({ state: 'removed', changed_at: at(5) }));
      await deliver(activated({ activated_at: at(4) }));

      expect(await known(userId)).toEqual({ userId, username: 'ada', publicName: null, email: null, state: 'removed' });
    });

    it('takes in both of two events of a new user delivered at once', async () => {
      await Promise.all([deliver(registered()), deliver(profile({ public_name: 'Ada Lovelace', changed_at: at(3) }))]);

      expect(await known(userId)).toEqual({
        userId,
        username: 'ada',
        publicName: 'Ada Lovelace',
        email: 'ada@example.com',
        state: 'active',
      });
    });

    it('takes in each event once: a redelivery, even after a newer event, changes nothing', async () => {
      const renamed = profile({ public_name: 'Ada Lovelace', changed_at: at(3) });
      await deliver(renamed);
      await deliver(profile({ public_name: 'Countess', changed_at: at(4) }));
      const before = await fixture.load((tx) => tx.repository(DIRECTORY_ENTRY_REPOSITORY).findById(userId));

      await deliver(renamed);

      const after = await fixture.load((tx) => tx.repository(DIRECTORY_ENTRY_REPOSITORY).findById(userId));
      expect(after?.version).toBe(before?.version);
      expect(after?.profile.publicName).toBe('Countess');
      expect(await fixture.load((tx) => tx.inbox.recordProcessed('assets.known-user-profile', renamed.id))).toBe(false);
    });
  });

  describe('a user removed', () => {
    const removedMessage = (userId: string) =>
      integrationMessage({
        source: 'users',
        type: USER_REMOVED_V1.type,
        aggregateId: userId,
        payload: {
          user_id: userId,
          removed_by: 'self',
          admin_id: null,
          reason: null,
          removed_at: fixture.clock.now().toISOString(),
        } satisfies UserRemovedV1,
      });

    /** An active asset of `owner`'s, its file in storage. */
    async function activeAsset(owner: OwnerId): Promise<AssetId> {
      const assetId = (await fixture.createAsset(owner)) as AssetId;
      await fixture.activate(assetId);
      return assetId;
    }

    /** A live transfer release of `owner`'s assets to `receivers`, the assets hidden, as scheduling it does. */
    async function liveRelease(
      owner: OwnerId,
      receivers: OwnerId[],
      assets: AssetId[],
      bequest: 'gift' | 'co_ownership' = 'gift',
    ): Promise<AssetRelease> {
      return fixture.load(async (tx) => {
        const now = fixture.clock.now();
        const release = AssetRelease.transfer(
          {
            id: crypto.randomUUID() as ReleaseId,
            owner,
            name: `For ${receivers.length} keeps`,
            description: null,
            assets,
            receivers,
            scheduledDate: new Date(now.getTime() + 86_400_000),
            bequest,
          },
          now,
        );
        for (const assetId of assets) {
          const asset = (await tx.repository(ASSET_REPOSITORY).findById(assetId))!;
          asset.hideFor(owner, now);
          tx.repository(ASSET_REPOSITORY).save(asset);
        }
        tx.repository(ASSET_RELEASE_REPOSITORY).save(release);
        return release;
      });
    }

    /** An asset of `owner`'s that `coOwner` came to share through a co-ownership transfer. */
    async function coOwnedAsset(owner: OwnerId, coOwner: OwnerId): Promise<AssetId> {
      const assetId = await activeAsset(owner);
      await fixture.load(async (tx) => {
        const now = fixture.clock.now();
        const release = AssetRelease.transfer(
          {
            id: crypto.randomUUID() as ReleaseId,
            owner,
            name: 'Ours',
            description: null,
            assets: [assetId],
            receivers: [coOwner],
            scheduledDate: null,
            bequest: 'co_ownership',
          },
          now,
        );
        release.trigger(coOwner, null, now);
        const asset = (await tx.repository(ASSET_REPOSITORY).findById(assetId))!;
        asset.bequeath(release.id, 'co_ownership', owner, [coOwner], now);
        tx.repository(ASSET_REPOSITORY).save(asset);
        tx.repository(ASSET_RELEASE_REPOSITORY).save(release);
      });
      return assetId;
    }

    const storedRelease = (releaseId: string) => fixture.load((tx) => tx.repository(ASSET_RELEASE_REPOSITORY).findById(releaseId));

    it('cancels their live releases, removes what they owned alone (files too) and leaves co-owned assets to the others, once', async () => {
      const [ada, bob, cy] = [fixture.newOwner(), fixture.newOwner(), fixture.newOwner()];
      const sole = await activeAsset(ada);
      const pending = (await fixture.createAsset(ada)) as AssetId;
      const inAdasRelease = await activeAsset(ada);
      const adasRelease = await liveRelease(ada, [bob], [inAdasRelease]);
      const bobsOwn = await activeAsset(bob);
      const bobsRelease = await liveRelease(bob, [ada, cy], [bobsOwn]);
      const shared = await coOwnedAsset(bob, ada);
      const cysOwn = await activeAsset(cy);
      const cysRelease = await liveRelease(cy, [bob], [cysOwn]);
      expect((await fixture.storedAsset(shared))?.owners).toEqual([bob, ada]);
      fixture.clock.advance(60_000);
      const message = removedMessage(ada);

      await deliver(message);

      for (const release of [adasRelease, bobsRelease]) {
        expect(await storedRelease(release.id)).toMatchObject({ state: 'removed', canceledBy: null, cancelReason: 'user removed' });
      }
      expect(await storedRelease(cysRelease.id)).toMatchObject({ state: 'active' });
      for (const assetId of [sole, pending, inAdasRelease]) {
        expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'removed', encryption: null, owners: [ada] });
        expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(false);
      }
      expect(await fixture.storedAsset(bobsOwn)).toMatchObject({ state: 'active', owners: [bob] });
      expect(await fixture.storedAsset(shared)).toMatchObject({ state: 'active', owners: [bob] });
      expect(await fixture.storedAsset(cysOwn)).toMatchObject({ state: 'hidden', owners: [cy] });
      expect(fixture.storage.objects.has(Asset.storageKeyOf(shared))).toBe(true);
      expect(await fixture.heldBy(ada)).toEqual([]);
      expect((await fixture.outboxOf(adasRelease.id)).map((record) => record.type)).toEqual([
        'assets.asset-release-scheduled.v1',
        'assets.asset-release-canceled.v1',
      ]);
      expect((await fixture.outboxOf(shared)).map((record) => record.type).at(-1)).toBe('assets.asset-ownership-changed.v1');

      const versions = async () =>
        Promise.all([
          ...[adasRelease.id, bobsRelease.id].map(async (id) => (await storedRelease(id))?.version),
          ...[sole, pending, inAdasRelease, bobsOwn, shared].map(async (id) => (await fixture.storedAsset(id))?.version),
        ]);
      const before = {
        versions: await versions(),
        outbox: (await fixture.outbox.page(undefined, { number: 0, size: 1000, sort: { field: 'occurredAt', direction: 'asc' } }))
          .totalElements,
        deleted: fixture.storage.deleted.length,
      };

      fixture.clock.advance(60_000);
      await deliver(message);

      expect({
        versions: await versions(),
        outbox: (await fixture.outbox.page(undefined, { number: 0, size: 1000, sort: { field: 'occurredAt', direction: 'asc' } }))
          .totalElements,
        deleted: fixture.storage.deleted.length,
      }).toEqual(before);
    });

    it('leaves the files of a removal the storage could not delete to the asset-removed consumer, and still commits', async () => {
      const ada = fixture.newOwner();
      const sole = await activeAsset(ada);
      fixture.storage.failDeletes = true;

      await deliver(removedMessage(ada));

      expect(await fixture.storedAsset(sole)).toMatchObject({ state: 'removed', encryption: null });
      expect(fixture.storage.objects.has(Asset.storageKeyOf(sole))).toBe(true);
      expect((await fixture.outboxOf(sole)).map((record) => record.type).at(-1)).toBe('assets.asset-removed.v1');
    });

    it('does nothing for a user who held nothing', async () => {
      const message = removedMessage(fixture.newOwner());

      await deliver(message);

      expect(
        (await fixture.outbox.page(undefined, { number: 0, size: 10, sort: { field: 'occurredAt', direction: 'asc' } })).totalElements,
      ).toBe(0);
    });
  });
});
