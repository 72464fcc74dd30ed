import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InProcessMessageBroker } from '../../adapters/broker/in-process-message-broker';
import { MemoryDeadLetterStore } from '../../adapters/memory/memory-dead-letter.store';
import { eventContract } from '../../contracts/integration-event';
import { NotFoundError, UnavailableError } from '../../domain/domain-error';
import { OnceEffectConsumer } from '../../entrypoints/messaging/once-effect.consumer';
import { integrationMessage } from '../../testing/integration-message';
import { loggedWarnings } from '../../testing/logged-warnings';
import { ManualClock } from '../../testing/manual-clock';
import { memoryPersistence, type MemoryPersistence } from '../../testing/memory-persistence';
import type { DeadLetter } from '../dead-letter-store.port';
import type { IntegrationMessage, MessageConsumer } from '../message-broker.port';
import { MessageMetadataFactory } from '../message-metadata.factory';
import { OnceEffectRunner } from '../once-effect.runner';
import { ReplayDeadLetter } from './replay-dead-letter.command';
import { REPLAY_RETRY_AFTER_SECONDS, ReplayDeadLetterHandler } from './replay-dead-letter.handler';

const MINUTE_MS = 60_000;
const REGISTERED = eventContract<{ email: string }>('users', 'user-registered', 1);

describe('ReplayDeadLetter', () => {
  const warnings = loggedWarnings();
  let clock: ManualClock;
  let persistence: MemoryPersistence;
  let letters: MemoryDeadLetterStore;
  let broker: InProcessMessageBroker;
  /** What the consumer's effect (an e-mail, say) was run with, once per run. */
  let effects: IntegrationMessage['payload'][];
  /** Whether the consumer's effect fails, as a mail server that is down would make it. */
  let effectFails: boolean;
  let handler: ReplayDeadLetterHandler;

  beforeEach(async () => {
    clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    persistence = await memoryPersistence(() => undefined);
    const runner = new OnceEffectRunner(
      persistence.unitOfWork,
      clock,
      { leaseMs: 30_000, renewEveryMs: 5 },
      new MessageMetadataFactory(clock),
    );
    effects = [];
    effectFails = false;
    // The embedded broker with a consumer that runs an outside effect once per message, through its
    // inbox, as the users context's activation e-mail does.
    broker = new InProcessMessageBroker();
    broker.subscribe(
      new OnceEffectConsumer('users.activation-email', REGISTERED, runner, async (payload) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (effectFails) {
          throw new Error('SMTP 451: try again later');
        }
        effects.push(payload);
      }),
    );
    letters = new MemoryDeadLetterStore();
    handler = new ReplayDeadLetterHandler(letters, broker);
  });

  afterEach(() => persistence.close());

  const replay = (letterId: string) =>
    handler.execute(new ReplayDeadLetter({ letterId, metadata: new MessageMetadataFactory(clock).forSystem() }));

  const replayThrough = (other: InProcessMessageBroker, letterId: string) =>
    new ReplayDeadLetterHandler(letters, other).execute(
      new ReplayDeadLetter({ letterId, metadata: new MessageMetadataFactory(clock).forSystem() }),
    );

  /** The letter's consumer as another broker delivers to it, doing `handle` with the message. */
  const consumerOfTheLetter = (letter: DeadLetter, handle: (message: IntegrationMessage) => Promise<void>): MessageConsumer => ({
    name: letter.consumer,
    source: letter.message.source,
    eventTypes: [letter.message.type],
    handle,
  });

  async function storedLetter(): Promise<DeadLetter> {
    const letter: DeadLetter = {
      id: crypto.randomUUID(),
      consumer: 'users.activation-email',
      topic: 'keepem.test.users.events',
      partition: 0,
      offset: '41',
      message: integrationMessage({ source: 'users', type: REGISTERED.type, payload: { email: 'ada@example.com' } }),
      error: 'SMTP 451: try again later',
      attempts: 5,
      deadAt: clock.now(),
      replayedAt: null,
    };
    await letters.add(letter);
    clock.advance(MINUTE_MS);
    return letter;
  }

  it('hands the message to its consumers again and marks the letter replayed', async () => {
    const letter = await storedLetter();

    await replay(letter.id);

    expect(effects).toEqual([{ email: 'ada@example.com' }]);
    expect(await letters.findById(letter.id)).toEqual({ ...letter, replayedAt: clock.now() });
  });

  it('has no second effect when replayed again, and says when it was last replayed', async () => {
    const letter = await storedLetter();
    await replay(letter.id);
    clock.advance(MINUTE_MS);

    await replay(letter.id);

    expect(effects).toHaveLength(1);
    expect((await letters.findById(letter.id))?.replayedAt).toEqual(clock.now());
  });

  it('lets two replays at once both succeed, with one effect', async () => {
    const letter = await storedLetter();

    await Promise.all([replay(letter.id), replay(letter.id)]);

    expect(effects).toHaveLength(1);
    expect((await letters.findById(letter.id))?.replayedAt).toEqual(clock.now());
  });

  it('answers unavailable, leaves the letter as it was and can be asked again, when the message was not taken', async () => {
    const letter = await storedLetter();
    effectFails = true;

    const refused = replay(letter.id);

    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: REPLAY_RETRY_AFTER_SECONDS });
    expect(await letters.findById(letter.id)).toEqual(letter);
    expect(warnings).toEqual([
      expect.stringContaining(`Dead letter ${letter.id} (users.user-registered.v1 ${letter.message.id}) was not replayed`),
    ]);

    effectFails = false;
    await replay(letter.id);
    expect(effects).toHaveLength(1);
  });

  it('restores when the letter was last replayed, when a replay after it was not taken', async () => {
    const letter = await storedLetter();
    await replay(letter.id);
    const firstReplayAt = clock.now();
    clock.advance(MINUTE_MS);
    const failing = new InProcessMessageBroker();
    failing.subscribe(consumerOfTheLetter(letter, async () => Promise.reject(new Error('SMTP 451: try again later'))));

    await expect(replayThrough(failing, letter.id)).rejects.toBeInstanceOf(UnavailableError);

    expect(await letters.findById(letter.id)).toEqual({ ...letter, replayedAt: firstReplayAt });
  });

  it('keeps the mark of a later replay when a replay was not taken', async () => {
    const letter = await storedLetter();
    const laterReplayAt = new Date(clock.now().getTime() + MINUTE_MS);
    const failing = new InProcessMessageBroker();
    failing.subscribe(
      consumerOfTheLetter(letter, async () => {
        await letters.markReplayed(letter.id, laterReplayAt);
        throw new Error('SMTP 451: try again later');
      }),
    );

    await expect(replayThrough(failing, letter.id)).rejects.toBeInstanceOf(UnavailableError);

    expect((await letters.findById(letter.id))?.replayedAt).toEqual(laterReplayAt);
  });

  it('keeps the news that the message died again before the broker acknowledged the replay', async () => {
    const letter = await storedLetter();
    // As on Kafka: the worker takes the replayed message, fails again and adds the letter back
    // before the broker's acknowledgement reaches the API.
    const diedAgainAt = new Date(clock.now().getTime() + 1_000);
    const dyingAgain = new InProcessMessageBroker();
    dyingAgain.subscribe(
      consumerOfTheLetter(letter, (message) =>
        letters.add({ ...letter, id: crypto.randomUUID(), message, offset: '97', error: 'still down', deadAt: diedAgainAt }),
      ),
    );

    await replayThrough(dyingAgain, letter.id);

    const kept = await letters.findById(letter.id);
    expect(kept?.replayedAt).toBeNull();
    expect(kept).toEqual({ ...letter, offset: '97', error: 'still down', deadAt: diedAgainAt, replayedAt: null });
  });

  it('answers an unknown letter with not found, and publishes nothing', async () => {
    await expect(replay(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    expect(effects).toEqual([]);
  });
});
