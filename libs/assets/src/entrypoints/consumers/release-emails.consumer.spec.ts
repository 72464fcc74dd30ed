import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CLOCK,
  EffectInProgressError,
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
import { integrationMessage, loggedWarnings } from '@keepem/shared/testing';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import {
  ASSET_RELEASE_CANCELED_V1,
  ASSET_RELEASE_SCHEDULED_V1,
  ASSET_RELEASED_V1,
  type AssetReleaseCanceledV1,
  type AssetReleasedV1,
  type AssetReleaseScheduledV1,
  RELEASE_TIME_CAME_V1,
  type ReleaseTimeCameV1,
} from '../../contracts';
import { RELEASE_EMAIL_SETTINGS } from '../../service_layer/ports/release-email-settings.port';
import { type KnownUser, USER_DIRECTORY, type UserDirectory } from '../../service_layer/ports/user-directory.port';
import { SendLegacyWaitingEmail } from '../../service_layer/policies/send-legacy-waiting-email.policy';
import { SendReleaseCanceledEmail } from '../../service_layer/policies/send-release-canceled-email.policy';
import { SendReleaseReleasedEmail } from '../../service_layer/policies/send-release-released-email.policy';
import { SendReleaseScheduledEmail } from '../../service_layer/policies/send-release-scheduled-email.policy';
import { ReleaseEmailsConsumer } from './release-emails.consumer';

/** The directory as the users context's events left it: users by id. */
class KnownUsers implements UserDirectory {
  readonly users = new Map<string, KnownUser>();

  add(username: string, fields: Partial<KnownUser> = {}): string {
    const userId = crypto.randomUUID();
    this.users.set(userId, { userId, username, publicName: null, email: `${username}@keepem.test`, state: 'active', ...fields });
    return userId;
  }

  async find(userId: string): Promise<KnownUser | null> {
    return this.users.get(userId) ?? null;
  }

  async findMany(userIds: readonly string[]): Promise<KnownUser[]> {
    return userIds.flatMap((id) => this.users.get(id) ?? []);
  }
}

/** A mailer that keeps what it sends, and fails for the addresses a test names. */
class KeptMails {
  readonly sent: MailMessage[] = [];
  readonly failing = new Set<string>();

  async send(message: MailMessage): Promise<void> {
    if (this.failing.has(message.to)) {
      throw new Error(`${message.to} refused`);
    }
    this.sent.push(message);
  }

  to(address: string): MailMessage[] {
    return this.sent.filter((mail) => mail.to === address);
  }
}

describe('ReleaseEmailsConsumer', () => {
  let fixture: AssetsFixture;
  let app: TestingModule;
  let consumers: MessageConsumer[];
  let directory: KnownUsers;
  let mails: KeptMails;
  let owner: string;
  let ann: string;
  let bob: string;
  const warnings = loggedWarnings();

  beforeEach(async () => {
    fixture = await assetsFixture();
    consumers = [];
    directory = new KnownUsers();
    mails = new KeptMails();
    owner = directory.add('olivia', { publicName: 'Olivia Hart' });
    ann = directory.add('ann', { publicName: 'Ann' });
    bob = directory.add('bob');
    app = await Test.createTestingModule({
      providers: [
        ReleaseEmailsConsumer,
        SendReleaseScheduledEmail,
        SendLegacyWaitingEmail,
        SendReleaseReleasedEmail,
        SendReleaseCanceledEmail,
        OnceEffectRunner,
        MessageMetadataFactory,
        { provide: UNIT_OF_WORK, useValue: fixture.unitOfWork },
        { provide: CLOCK, useValue: fixture.clock },
        { provide: LEASE_SETTINGS, useValue: { leaseMs: 60_000, renewEveryMs: 15_000 } },
        { provide: MESSAGE_BROKER, useValue: { subscribe: (consumer: MessageConsumer) => consumers.push(consumer) } },
        { provide: MAILER, useValue: mails },
        { provide: USER_DIRECTORY, useValue: directory },
        { provide: RELEASE_EMAIL_SETTINGS, useValue: { publicApiUrl: 'https://api.keepem.test' } },
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
  const releaseId = crypto.randomUUID();
  const message = (type: string, payload: object) =>
    integrationMessage({ source: 'assets', type, aggregateId: releaseId, payload: payload as IntegrationMessage['payload'] });
  const scheduled = (fields: Partial<AssetReleaseScheduledV1> = {}) =>
    message(ASSET_RELEASE_SCHEDULED_V1.type, {
      release_id: releaseId,
      owner_id: owner,
      receivers_id: [ann, bob],
      assets_id: [crypto.randomUUID()],
      name: 'Letters from the attic',
      release_type: 'in_a_bottle',
      bequest_type: 'gift',
      scheduled_at: fixture.clock.now().toISOString(),
      ...fields,
    } satisfies AssetReleaseScheduledV1);
  const timeCame = (fields: Partial<ReleaseTimeCameV1> = {}) =>
    message(RELEASE_TIME_CAME_V1.type, {
      release_id: releaseId,
      owner_id: owner,
      receivers_id: [ann, bob],
      name: 'Letters from the attic',
      came_at: fixture.clock.now().toISOString(),
      ...fields,
    } satisfies ReleaseTimeCameV1);
  const released = (fields: Partial<AssetReleasedV1> = {}) =>
    message(ASSET_RELEASED_V1.type, {
      release_id: releaseId,
      owner_id: owner,
      receivers_id: [ann, bob],
      assets_id: [crypto.randomUUID()],
      name: 'Letters from the attic',
      released_by: ann,
      bequest_type: 'gift',
      released_at: fixture.clock.now().toISOString(),
      ...fields,
    } satisfies AssetReleasedV1);
  const canceled = (fields: Partial<AssetReleaseCanceledV1> = {}) =>
    message(ASSET_RELEASE_CANCELED_V1.type, {
      release_id: releaseId,
      owner_id: owner,
      receivers_id: [ann, bob],
      assets_id: [crypto.randomUUID()],
      name: 'Letters from the attic',
      canceled_by: owner,
      reason: 'Changed my mind',
      canceled_at: fixture.clock.now().toISOString(),
      ...fields,
    } satisfies AssetReleaseCanceledV1);

  describe('a scheduled release', () => {
    it('tells each receiver who prepared a legacy for them, and nothing of what it holds', async () => {
      await deliver(scheduled());

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['ann@keepem.test', 'bob@keepem.test']);
      const [toAnn] = mails.to('ann@keepem.test');
      expect(toAnn.subject).toBe('Olivia Hart (olivia) has prepared a legacy for you');
      expect(toAnn.text).toMatch(/^Hello Ann,\n/);
      expect(mails.to('bob@keepem.test')[0].text).toMatch(/^Hello bob,\n/);
      for (const mail of mails.sent) {
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Letters|attic|bottle|gift|\/api\/v1\/legacy/);
      }
    });

    it('tells nobody of a release to one’s future self', async () => {
      await deliver(scheduled({ receivers_id: [owner], release_type: 'to_future_self', bequest_type: 'self' }));

      expect(mails.sent).toEqual([]);
    });

    it('skips, with a warning, a receiver the directory does not know yet, has no address for, or who is not active', async () => {
      const stranger = crypto.randomUUID();
      const pending = directory.add('pending_pat', { email: null });
      const disabled = directory.add('dora', { state: 'inactive' });

      await deliver(scheduled({ receivers_id: [stranger, pending, disabled, bob] }));

      expect(mails.sent.map((mail) => mail.to)).toEqual(['bob@keepem.test']);
      expect(warnings).toEqual([
        `No legacy-prepared e-mail to user ${stranger}: the user is not known yet`,
        `No legacy-prepared e-mail to user ${pending}: the user has no e-mail address known`,
        `No legacy-prepared e-mail to user ${disabled}: the user is inactive`,
      ]);
    });
  });

  describe('a release whose time came', () => {
    it('tells each receiver a legacy is waiting, with the link to it', async () => {
      await deliver(timeCame());

      expect(mails.sent).toHaveLength(2);
      const [toAnn] = mails.to('ann@keepem.test');
      expect(toAnn.subject).toBe('A legacy is waiting for you');
      expect(toAnn.text).toContain('The legacy Olivia Hart (olivia) prepared for you on Keepem is waiting for you.');
      expect(toAnn.text).toContain(`https://api.keepem.test/api/v1/legacy/${releaseId}`);
    });

    it('tells the owner of a release to their future self', async () => {
      await deliver(timeCame({ receivers_id: [owner] }));

      expect(mails.sent).toHaveLength(1);
      expect(mails.sent[0].to).toBe('olivia@keepem.test');
      expect(mails.sent[0].text).toContain('The legacy you prepared for your future self on Keepem is waiting for you.');
    });

    it('mails nobody twice when the event is delivered again', async () => {
      const event = timeCame();

      await deliver(event);
      await deliver(event);

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['ann@keepem.test', 'bob@keepem.test']);
    });

    it('mails each receiver once when two deliveries of the event run at once, the later one told to come back', async () => {
      const event = timeCame();

      const outcomes = await Promise.allSettled([deliver(event), deliver(event)]);

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['ann@keepem.test', 'bob@keepem.test']);
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(refused.every((reason) => reason instanceof EffectInProgressError)).toBe(true);
      await deliver(event);
      expect(mails.sent).toHaveLength(2);
    });

    it('sends again only the mail that failed, when the event is delivered again', async () => {
      const event = timeCame();
      mails.failing.add('ann@keepem.test');

      await expect(deliver(event)).rejects.toThrow('ann@keepem.test refused');
      expect(mails.sent.map((mail) => mail.to)).toEqual(['bob@keepem.test']);

      mails.failing.clear();
      await deliver(event);
      expect(mails.sent.map((mail) => mail.to)).toEqual(['bob@keepem.test', 'ann@keepem.test']);
    });
  });

  describe('a released release', () => {
    it('tells the owner and every receiver who received it', async () => {
      await deliver(released());

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['ann@keepem.test', 'bob@keepem.test', 'olivia@keepem.test']);
      expect(mails.to('olivia@keepem.test')[0]).toMatchObject({
        subject: 'A legacy was received: Letters from the attic',
        text: expect.stringContaining('Ann (ann) received your legacy, "Letters from the attic", on Keepem.\nIts assets are theirs now.'),
      });
      expect(mails.to('ann@keepem.test')[0].text).toContain(
        'You received the legacy of Olivia Hart (olivia), "Letters from the attic", on Keepem.\nIts assets are in your assets now: https://api.keepem.test/api/v1/me/assets',
      );
      expect(mails.to('bob@keepem.test')[0].text).toContain('Ann (ann) received the legacy of Olivia Hart (olivia)');
    });

    it('tells co-owners they share the assets now', async () => {
      await deliver(released({ receivers_id: [ann], bequest_type: 'co_ownership' }));

      expect(mails.to('olivia@keepem.test')[0].text).toContain('You share its assets with them now.');
      expect(mails.to('ann@keepem.test')[0].text).toContain('You share its assets with Olivia Hart (olivia) now:');
    });

    it('sends one mail to an owner who received what they left their future self', async () => {
      await deliver(released({ receivers_id: [owner], released_by: owner, bequest_type: 'self' }));

      expect(mails.sent).toHaveLength(1);
      expect(mails.sent[0].text).toContain('You received the legacy you prepared for your future self, "Letters from the attic"');
      expect(mails.sent[0].text).toContain('Its assets are back in your assets:');
    });
  });

  describe('a cancelled release', () => {
    it('tells the other parties who cancelled it, without a user’s own reason', async () => {
      await deliver(canceled({ canceled_by: ann }));

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['bob@keepem.test', 'olivia@keepem.test']);
      expect(mails.to('olivia@keepem.test')[0]).toMatchObject({
        subject: 'A legacy was cancelled',
        text: expect.stringContaining('Your legacy "Letters from the attic" on Keepem was cancelled by Ann (ann).'),
      });
      expect(mails.to('bob@keepem.test')[0].text).toContain(
        'The legacy Olivia Hart (olivia) prepared for you on Keepem was cancelled by Ann (ann).',
      );
      expect(mails.to('bob@keepem.test')[0].text).not.toContain('Letters');
      for (const mail of mails.sent) {
        expect(mail.text).not.toContain('Changed my mind');
      }
    });

    it('tells every party, with the reason, when the service cancelled it', async () => {
      await deliver(canceled({ canceled_by: null, reason: 'bob is no longer a keep of the owner' }));

      expect(mails.sent.map((mail) => mail.to).sort()).toEqual(['ann@keepem.test', 'bob@keepem.test', 'olivia@keepem.test']);
      expect(mails.to('olivia@keepem.test')[0].text).toContain(
        'Your legacy "Letters from the attic" on Keepem was cancelled by Keepem: bob is no longer a keep of the owner.',
      );
    });

    it('tells nobody when an owner cancels what they left their future self', async () => {
      await deliver(canceled({ receivers_id: [owner] }));

      expect(mails.sent).toEqual([]);
    });
  });
});
