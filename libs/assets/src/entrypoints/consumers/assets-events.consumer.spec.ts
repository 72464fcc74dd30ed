import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CLOCK,
  type IntegrationMessage,
  LEASE_SETTINGS,
  MESSAGE_BROKER,
  type MessageConsumer,
  MessageMetadataFactory,
  OnceEffectRunner,
  UNIT_OF_WORK,
} from '@keepem/shared/service_layer';
import { integrationMessage } from '@keepem/shared/testing';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { ASSET_REMOVED_V1 } from '../../contracts';
import { Asset } from '../../domain/asset.aggregate';
import { FILE_STORAGE } from '../../service_layer/ports/file-storage.port';
import { AssetsEventsConsumer } from './assets-events.consumer';

describe('AssetsEventsConsumer', () => {
  let fixture: AssetsFixture;
  let app: TestingModule;
  let consumers: MessageConsumer[];

  beforeEach(async () => {
    fixture = await assetsFixture();
    consumers = [];
    app = await Test.createTestingModule({
      providers: [
        AssetsEventsConsumer,
        OnceEffectRunner,
        MessageMetadataFactory,
        { provide: UNIT_OF_WORK, useValue: fixture.unitOfWork },
        { provide: CLOCK, useValue: fixture.clock },
        { provide: LEASE_SETTINGS, useValue: { leaseMs: 60_000, renewEveryMs: 15_000 } },
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
    for (const consumer of consumers.filter((candidate) => candidate.eventTypes.includes(message.type))) {
      await consumer.handle(message);
    }
  };
  const removed = (assetId: string) =>
    integrationMessage({
      source: 'assets',
      type: ASSET_REMOVED_V1.type,
      aggregateId: assetId,
      payload: { asset_id: assetId, owners_id: [], removed_by: crypto.randomUUID(), removed_at: new Date().toISOString() },
    });

  it('deletes the file a removal left in storage (the process stopped, or the storage failed, after its commit)', async () => {
    const ada = fixture.newOwner();
    const assetId = await fixture.createAsset(ada);
    await fixture.activate(assetId);
    fixture.storage.failDeletes = true;
    await fixture.removeAsset(ada, assetId);
    expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(true);
    fixture.storage.failDeletes = false;

    await deliver(removed(assetId));

    expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(false);
  });

  it('does nothing more for a file the removal deleted already, nor for a redelivered event', async () => {
    const assetId = crypto.randomUUID();
    const message = removed(assetId);

    await deliver(message);
    await deliver(message);

    expect(fixture.storage.deleted).toEqual([Asset.storageKeyOf(assetId)]);
  });

  it('fails the delivery while the storage cannot delete, so that the event is offered again', async () => {
    const assetId = crypto.randomUUID();
    const message = removed(assetId);
    fixture.storage.failDeletes = true;

    await expect(deliver(message)).rejects.toThrow(/cannot delete/);
    fixture.storage.failDeletes = false;
    await deliver(message);

    expect(fixture.storage.deleted).toEqual([Asset.storageKeyOf(assetId)]);
  });
});
