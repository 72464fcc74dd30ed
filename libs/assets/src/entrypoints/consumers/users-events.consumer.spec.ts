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
} from '@keepem/users';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { DocumentUserDirectory } from '../../adapters/document-user.directory';
import { RecordKnownUserHandler } from '../../service_layer/commands/record-known-user.handler';
import { DIRECTORY_ENTRY_REPOSITORY } from '../../service_layer/ports/directory-entry.repository.port';
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
        MessageMetadataFactory,
        { provide: UNIT_OF_WORK, useValue: fixture.unitOfWork },
        { provide: CLOCK, useValue: fixture.clock },
        { provide: MESSAGE_BROKER, useValue: { subscribe: (consumer: MessageConsumer) => consumers.push(consumer) } },
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
});
