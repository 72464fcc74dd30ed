import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, Partitioners } from 'kafkajs';
import {
  BrokerUnavailableError,
  type IntegrationMessage,
  type MessageBroker,
  type MessageConsumer,
} from '../../service_layer/message-broker.port';
import type { KernelConfig } from '../config/kernel.config';
import type { KafkaAdmin, KafkaClient, KafkaProducer } from './kafka-client';
import { errorText } from './error-text';
import { encodeEventRecord } from './kafka-event-record';
import { KafkaSubscriptions } from './kafka-subscriptions';
import { createMissingTopics, topicsOfContext } from './kafka-topic-provisioning';
import { eventsTopic } from './kafka-topics';

/** All in-sync replicas must have the record before it counts as sent. */
const ALL_REPLICAS = -1;
/**
 * The producer's retries. kafkajs gives a producer the client's retry settings merged with its own
 * (`{...clusterRetry, ...retry}`), so without these a send would get the client's few quick retries,
 * which are meant for connecting: a leader election would fail the publish. A few more, still
 * bounded, so that a publish to a broker that is down rejects and the outbox keeps the record (see
 * docs/kafka.md, "Producing").
 */
const SEND_RETRIES = 5;

/** A kafkajs client and its connection, made once and shared by whoever needs the client meanwhile. */
interface Connection<Client> {
  client: Client;
  connected: Promise<Client>;
}

/**
 * The Kafka driver of the broker port. `publish` sends one record to its source's events topic with
 * an idempotent producer and resolves only once every in-sync replica has it, so the relay marks a
 * record sent only then. The worker's consumer groups read what `subscribe` collected
 * (KafkaSubscriptions); this class never consumes.
 *
 * Nothing connects before it is needed, and nothing waits for Kafka at start-up: a broker that is
 * down keeps the records pending and the readiness probe at 503, and the process running.
 */
export class KafkaMessageBroker implements MessageBroker, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaMessageBroker.name);
  private producer: Connection<KafkaProducer> | null = null;
  private admin: Connection<KafkaAdmin> | null = null;
  private closed = false;
  /** The contexts whose topics exist (or are being made sure of): each is looked up once per process. */
  private readonly readyTopics = new Map<string, Promise<void>>();
  private clusterCheck: Promise<boolean> | null = null;
  /** What the last probe found, so that the log says when that changes rather than at every probe. */
  private reachable = true;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly config: Pick<KernelConfig, 'environment' | 'broker'>,
    private readonly subscriptions: KafkaSubscriptions,
  ) {}

  /** Every consumer subscribed by now (they do as their modules initialise) names a topic to make sure of. */
  onApplicationBootstrap(): void {
    const contexts = this.subscriptions.sources();
    this.ensureTopics(contexts).catch((error: unknown) =>
      this.logger.warn(
        `The topics of ${contexts.join(', ')} could not be made sure of at start-up; they are again before their first publish: ${errorText(error)}`,
      ),
    );
  }

  /** After the relay stopped (beforeApplicationShutdown): nothing publishes any more. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const producer = this.producer?.client;
    const admin = this.admin?.client;
    this.producer = null;
    this.admin = null;
    await Promise.all([producer && disconnectQuietly(producer), admin && disconnectQuietly(admin)]);
  }

  subscribe(consumer: MessageConsumer): void {
    this.subscriptions.add(consumer);
  }

  async publish(message: IntegrationMessage): Promise<void> {
    const topic = eventsTopic(this.config.environment, message.source);
    const { message: record, encoding } = encodeEventRecord(message, this.config.broker.compressMinBytes);
    try {
      await this.ensureTopics([message.source]);
    } catch (error) {
      // Whatever kept the topic from being made, the record itself was not refused.
      throw new BrokerUnavailableError(`The topic ${topic} could not be made sure of: ${errorText(error)}`);
    }
    const producer = this.connectedProducer();
    try {
      await (
        await producer.connected
      ).send({
        topic,
        acks: ALL_REPLICAS,
        compression: encoding === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: [record],
      });
    } catch (error) {
      this.discardProducer(producer);
      // The topic may have been deleted under us: the next publish makes sure of it again.
      this.readyTopics.delete(message.source);
      const reason = `${message.type} ${message.id} was not acknowledged by Kafka: ${errorText(error)}`;
      throw isUnavailability(error) ? new BrokerUnavailableError(reason) : new Error(reason);
    } finally {
      this.releaseIfClosed(producer);
    }
  }

  /** Whether the cluster describes itself within the health timeout. Never rejects; a slow cluster is a down one. */
  async isHealthy(): Promise<boolean> {
    // Probes that come while one is still waiting on the cluster share its answer rather than pile up.
    this.clusterCheck ??= this.describeCluster().finally(() => (this.clusterCheck = null));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.broker.healthTimeoutMs)));
    try {
      return await Promise.race([this.clusterCheck, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Creates the events and dead-letter topics of `contexts` that are missing, with the configured
   * partitions and replication factor. Resolves once all exist; rejects if Kafka could not be asked,
   * and a later call asks again.
   */
  async ensureTopics(contexts: string[]): Promise<void> {
    await Promise.all(contexts.map((context) => this.ensureTopicsOf(context)));
  }

  private ensureTopicsOf(context: string): Promise<void> {
    let ready = this.readyTopics.get(context);
    if (!ready) {
      ready = this.createTopicsOf(context).catch((error: unknown) => {
        this.readyTopics.delete(context);
        throw error;
      });
      this.readyTopics.set(context, ready);
    }
    return ready;
  }

  private async createTopicsOf(context: string): Promise<void> {
    const { missing, allCreatedHere } = await this.withAdmin((admin) =>
      createMissingTopics(admin, topicsOfContext(this.config.environment, context), {
        partitions: this.config.broker.topicPartitions,
        replicationFactor: this.config.broker.topicReplicationFactor,
      }),
    );
    if (missing.length > 0) {
      this.logger.log(
        allCreatedHere
          ? `Created the topics ${missing.join(', ')}`
          : `The topics ${missing.join(', ')} were missing and exist now; another process created some or all of them at the same moment`,
      );
    }
  }

  private async describeCluster(): Promise<boolean> {
    try {
      const cluster = await this.withAdmin((admin) => admin.describeCluster());
      if (!this.reachable) {
        this.logger.log(`Kafka is reachable again: ${cluster.brokers.length} broker(s)`);
      }
      this.reachable = true;
      return true;
    } catch (error) {
      if (this.reachable) {
        this.logger.warn(`Kafka is not reachable: ${errorText(error)}`);
      }
      this.reachable = false;
      return false;
    }
  }

  /** The admin connection is shared; after a failure it is dropped, and the next operation connects anew. */
  private async withAdmin<Result>(operation: (admin: KafkaAdmin) => Promise<Result>): Promise<Result> {
    const admin = this.connectedAdmin();
    try {
      return await operation(await admin.connected);
    } catch (error) {
      this.discardAdmin(admin);
      throw error;
    } finally {
      this.releaseIfClosed(admin);
    }
  }

  /**
   * One producer for every publish, made when first needed. Sends are retried within one producer
   * session only: after a send that failed, whether or not the broker wrote the record, the next one
   * must not reuse the sequence numbers of this session, so a new producer (with a new producer id)
   * takes over. The record is sent again by the relay, and its consumers' inboxes make that harmless.
   */
  private connectedProducer(): Connection<KafkaProducer> {
    if (this.closed) {
      throw new BrokerUnavailableError('The Kafka producer is closed: the process is shutting down');
    }
    if (!this.producer) {
      const client = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Topics are created with the configured settings (ensureTopics), never with the broker's defaults.
        allowAutoTopicCreation: false,
        // Java's murmur2 partitioner, said explicitly: the same key lands on the same partition as from any Java client.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: SEND_RETRIES },
      });
      this.producer = { client, connected: client.connect().then(() => client) };
      // A failed connection is reported to the publish that awaits it; this keeps it from going unhandled meanwhile.
      this.producer.connected.catch(() => undefined);
    }
    return this.producer;
  }

  private discardProducer(producer: Connection<KafkaProducer>): void {
    if (this.producer === producer) {
      this.producer = null;
    }
    void disconnectQuietly(producer.client);
  }

  private connectedAdmin(): Connection<KafkaAdmin> {
    if (this.closed) {
      throw new BrokerUnavailableError('The Kafka admin is closed: the process is shutting down');
    }
    if (!this.admin) {
      const client = this.kafka.admin();
      this.admin = { client, connected: client.connect().then(() => client) };
      this.admin.connected.catch(() => undefined);
    }
    return this.admin;
  }

  private discardAdmin(admin: Connection<KafkaAdmin>): void {
    if (this.admin === admin) {
      this.admin = null;
    }
    void disconnectQuietly(admin.client);
  }

  /**
   * kafkajs reconnects a disconnected client as soon as it is used again, so a connection that an
   * operation begun before the shutdown is still using is closed again once that operation ends.
   */
  private releaseIfClosed(connection: Connection<{ disconnect(): Promise<void> }>): void {
    if (this.closed) {
      void disconnectQuietly(connection.client);
    }
  }
}

/**
 * Whether Kafka could not be reached, rather than refusing the record: kafkajs marks the errors a
 * retry may cure (connection refused or closed, request timeout, no leader) retriable, and wraps the
 * last of them when its retries ran out. A record too large, or a topic not authorised, is neither.
 */
function isUnavailability(error: unknown): boolean {
  for (let link: unknown = error; link instanceof Error; link = link.cause) {
    if ((link as { retriable?: boolean }).retriable === true) {
      return true;
    }
  }
  return false;
}

async function disconnectQuietly(client: { disconnect(): Promise<void> }): Promise<void> {
  try {
    await client.disconnect();
  } catch {
    // Disconnecting from a broker that is gone has nothing left to release.
  }
}
