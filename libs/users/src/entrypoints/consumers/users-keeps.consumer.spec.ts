import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CLOCK,
  type IntegrationMessage,
  LEASE_SETTINGS,
  MAILER,
  type MailMessage,
  MESSAGE_BROKER,
  type MessageConsumer,
  MessageMetadataFactory,
  OnceEffectRunner,
  UNIT_OF_WORK,
} from '@keepem/shared/service_layer';
import { integrationMessage } from '@keepem/shared/testing';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { DocumentKeepsView } from '../../adapters/document-keeps.view';
import { DocumentUserProfileView } from '../../adapters/document-user-profile.view';
import { KEEP_REQUESTED_V1, USER_ACTIVATED_V1, type UserActivatedV1 } from '../../contracts';
import type { User } from '../../domain/user.aggregate';
import { RequestKeepHandler } from '../../service_layer/commands/request-keep.handler';
import { SendKeepRequestedEmail } from '../../service_layer/policies/send-keep-requested-email.policy';
import { KEEPS_VIEW } from '../../service_layer/ports/keeps.view.port';
import { USER_PROFILE_VIEW } from '../../service_layer/ports/user-profile.view.port';
import { USERS_SETTINGS } from '../../service_layer/ports/users-settings.port';
import { UsersKeepsConsumer } from './users-keeps.consumer';

describe('UsersKeepsConsumer', () => {
  let fixture: KeepsFixture;
  let app: TestingModule;
  let consumers: MessageConsumer[];
  let mails: MailMessage[];

  beforeEach(async () => {
    fixture = await keepsFixture();
    consumers = [];
    mails = [];
    app = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        UsersKeepsConsumer,
        RequestKeepHandler,
        SendKeepRequestedEmail,
        OnceEffectRunner,
        MessageMetadataFactory,
        { provide: UNIT_OF_WORK, useValue: fixture.unitOfWork },
        { provide: CLOCK, useValue: fixture.clock },
        { provide: LEASE_SETTINGS, useValue: { leaseMs: 60_000, renewEveryMs: 15_000 } },
        { provide: MESSAGE_BROKER, useValue: { subscribe: (consumer: MessageConsumer) => consumers.push(consumer) } },
        { provide: MAILER, useValue: { send: async (mail: MailMessage) => void mails.push(mail) } },
        { provide: USER_PROFILE_VIEW, useValue: new DocumentUserProfileView(fixture.reader) },
        { provide: KEEPS_VIEW, useValue: new DocumentKeepsView(fixture.reader) },
        { provide: USERS_SETTINGS, useValue: fixture.settings },
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

  describe('a user activated', () => {
    const activated = (user: User, referredBy: string | null | undefined) => {
      const payload: Partial<UserActivatedV1> = { user_id: user.id, username: user.username.value, email: user.email.value };
      if (referredBy !== undefined) {
        payload.referred_by = referredBy;
      }
      return integrationMessage({ source: 'users', type: USER_ACTIVATED_V1.type, aggregateId: user.id, payload });
    };

    it('with a referrer asks the referrer for a keep, once however often the event comes', async () => {
      const [referrer, newcomer] = [await fixture.activeUser(), await fixture.activeUser()];
      const message = activated(newcomer, referrer.id);

      await deliver(message);
      await deliver(message);

      const keeps = await fixture.liveKeepsOf(referrer);
      expect(keeps).toHaveLength(1);
      expect(keeps[0]).toMatchObject({ requester: newcomer.id, requested: referrer.id, state: 'pending' });
      expect((await fixture.outboxOf(keeps[0].id))[0].causationId).toBe(message.id);
    });

    it('without a referrer (or from before the contract named one) asks nobody', async () => {
      const newcomer = await fixture.activeUser();
      await deliver(activated(newcomer, null));
      await deliver(activated(newcomer, undefined));
      expect(await fixture.liveKeepsOf(newcomer)).toEqual([]);
    });

    it('whose referrer was removed meanwhile asks nobody, and counts the event as handled', async () => {
      const [referrer, newcomer] = [await fixture.activeUser(), await fixture.activeUser()];
      await fixture.alter(referrer, { state: 'removed' });
      const message = activated(newcomer, referrer.id);

      await expect(deliver(message)).resolves.toBeUndefined();

      expect(await fixture.liveKeepsOf(newcomer)).toEqual([]);
      const again = new MessageMetadataFactory(fixture.clock).causedBy(message, 'users.referral-keep');
      await expect(fixture.unitOfWork.run(again, async () => undefined)).rejects.toThrow(/already handled/);
    });
  });

  describe('a keep requested', () => {
    const requested = (keepId: string, requester: User, other: User) =>
      integrationMessage({
        source: 'users',
        type: KEEP_REQUESTED_V1.type,
        aggregateId: keepId,
        payload: { keep_id: keepId, requester_id: requester.id, requested_id: other.id, requested_at: fixture.clock.now().toISOString() },
      });

    it('e-mails the requested user once: greeted by username, told who asked, linked to the keep', async () => {
      const [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
      const keepId = await fixture.requestKeep(ada, { toId: bob.id });
      const message = requested(keepId, ada, bob);

      await deliver(message);
      await deliver(message);

      expect(mails).toHaveLength(1);
      expect(mails[0].to).toBe(bob.email.value);
      expect(mails[0].subject).toContain(ada.username.value);
      expect(mails[0].text).toContain(`Hello ${bob.username.value},`);
      expect(mails[0].text).toContain(`${fixture.settings.publicApiUrl}/api/v1/me/keeps/${keepId}`);
      expect(mails[0].text).not.toContain(ada.email.value);
    });

    it('sends nothing for a keep answered before the mail went out', async () => {
      const [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
      const keepId = await fixture.requestKeep(ada, { toId: bob.id });
      await fixture.declineKeep(ada, keepId);

      await deliver(requested(keepId, ada, bob));

      expect(mails).toEqual([]);
    });
  });
});
