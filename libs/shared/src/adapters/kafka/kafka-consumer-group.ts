import { Logger } from '@nestjs/common';
import { type KafkaContext, ServerKafka } from '@nestjs/microservices';
import type { Consumer, ConsumerCrashEvent, Kafka, Producer } from 'kafkajs';
import type { Clock } from '../../service_layer/clock.port';
import type { DeadLetterStore } from '../../service_layer/dead-letter-store.port';
import type { MessageConsumer } from '../../service_layer/message-broker.port';
import { abortableSleep } from './abortable-sleep';
import { errorText } from './error-text';
import { type KafkaConsumerSettings, serverKafkaOptions } from './kafka-consumer-settings';
import { KafkaDispatcher } from './kafka-dispatcher';
import { consumerGroup, eventsTopic } from './kafka-topics';

/**
 * One consuming context's consumer group (`keepem.<environment>.<context>`), reading the events
 * topics of the sources its consumers read, through the Kafka transport of @nestjs/microservices:
 * a ServerKafka of its own, so two groups in one process never share a handler, with the
 * dispatcher as the handler of each topic.
 *
 * Starting never fails: a broker that cannot be reached, or a topic not created yet, is tried again
 * with a doubling wait, each failure logged, until the group consumes or is stopped. A consumer that
 * crashed and that kafkajs will not restart is connected again the same way.
 */
export class KafkaConsumerGroup {
  readonly groupId: string;
  readonly topics: readonly string[];
  private readonly logger = new Logger(KafkaConsumerGroup.name);
  private readonly dispatcher: KafkaDispatcher;
  /** The transport of the current connection, from its first attempt on. */
  protected server: ServerKafka | null = null;
  /** Whether `server` has subscribed and runs. */
  private consuming = false;
  private connecting: Promise<void> | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(
    readonly context: string,
    consumers: readonly MessageConsumer[],
    deadLetters: DeadLetterStore,
    clock: Clock,
    private readonly settings: KafkaConsumerSettings,
  ) {
    this.groupId = consumerGroup(settings.environment, context);
    this.topics = [...new Set(consumers.map((consumer) => eventsTopic(settings.environment, consumer.source)))];
    this.dispatcher = new KafkaDispatcher(this.groupId, consumers, deadLetters, clock, settings);
  }

  /** Connects in the background; see `connected` to wait for it. */
  start(): void {
    this.connecting ??= this.connectUntilConsuming();
  }

  /** Resolves once the group has subscribed and runs (or has been stopped first). */
  async connected(): Promise<void> {
    await this.connecting;
  }

  /**
   * The graceful stop: no further fetch (the topics are paused, not stopped: kafkajs ignores a
   * commit once its consumer is stopping), a wait between attempts is abandoned uncommitted, the
   * record in hand is finished and its offset committed, then the consumer leaves the group and the
   * transport disconnects. A group still trying to connect holds nothing: its attempt is cut short
   * rather than waited for (kafkajs would first use up its own retries). Safe to call more than once.
   */
  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.stopping.abort();
    const server = this.server;
    if (server && this.consuming) {
      this.pauseFetching(server);
      await this.dispatcher.stop();
      await server.close();
    } else {
      await this.dispatcher.stop();
      void server?.close().catch(() => undefined);
    }
    this.logger.log(`${this.groupId} stopped`);
  }

  protected newServer(): ServerKafka {
    const server = new CrashWatchingServer(serverKafkaOptions(this.settings, this.context), (event, consumer) =>
      this.onCrash(event, consumer),
    );
    for (const topic of this.topics) {
      server.addHandler(topic, (_value: unknown, context: KafkaContext) => this.dispatcher.dispatch(context), true);
    }
    return server;
  }

  private async connectUntilConsuming(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      const server = this.newServer();
      this.server = server;
      try {
        await listen(server);
        if (this.stopped) {
          // stop() came while kafkajs was still joining: its close may have run before the consumer was running.
          await server.close().catch(() => undefined);
          return;
        }
        this.consuming = true;
        this.logger.log(`${this.groupId} consumes ${this.topics.join(', ')}`);
        return;
      } catch (error) {
        await server.close().catch(() => undefined);
        if (this.stopped) {
          return;
        }
        const delay = Math.min(this.settings.reconnectBaseMs * 2 ** (attempt - 1), this.settings.reconnectMaxMs);
        this.logger.warn(
          `${this.groupId} could not start consuming (attempt ${attempt}), trying again in ${delay} ms: ${errorText(error)}`,
        );
        await abortableSleep(delay, this.stopping.signal);
      }
    }
  }

  /** kafkajs restarts a consumer after a crash it deems retriable; after any other, the group connects again itself. */
  private onCrash({ payload }: ConsumerCrashEvent, consumer: Consumer): void {
    if (this.stopped) {
      // kafkajs sets its restart timer just after this event; stopping its consumer on the next turn clears it.
      setImmediate(() => void consumer.disconnect().catch(() => undefined));
      return;
    }
    if (payload.restart) {
      this.logger.warn(`${this.groupId} crashed and restarts: ${payload.error.message}`);
      return;
    }
    this.logger.error(`${this.groupId} crashed and kafkajs will not restart it; connecting again: ${payload.error.message}`);
    const crashed = this.server;
    this.consuming = false;
    this.connecting = (async () => {
      await this.connecting;
      await crashed?.close().catch(() => undefined);
      await this.connectUntilConsuming();
    })();
  }

  private pauseFetching(server: ServerKafka): void {
    try {
      server.unwrap<[Kafka, Consumer | null, Producer | null]>()[1]?.pause(this.topics.map((topic) => ({ topic })));
    } catch {
      // Not connected, or its consumer not running (between a crash and its restart): nothing is fetched to pause.
    }
  }
}

/** The transport, also listening for its consumer's crashes (the transport reports only that one happened). */
class CrashWatchingServer extends ServerKafka {
  constructor(
    options: ConstructorParameters<typeof ServerKafka>[0],
    private readonly crashed: (event: ConsumerCrashEvent, consumer: Consumer) => void,
  ) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer as unknown as Consumer | null;
    consumer?.on(consumer.events.CRASH, (event) => this.crashed(event, consumer));
  }
}

function listen(server: ServerKafka): Promise<void> {
  return new Promise((resolve, reject) => {
    void server.listen((error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
  });
}
