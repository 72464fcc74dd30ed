import type { EventCatalogue, EventContract, JsonObject, JsonValue } from '../../../contracts';
import type { KernelConfig } from '../../../adapters/config/kernel.config';
import { DEAD_LETTER_HEADERS, EVENT_HEADERS } from '../../../adapters/kafka/kafka-headers';
import { consumerGroup, deadLetterTopic, eventsTopic } from '../../../adapters/kafka/kafka-topics';
import { contextOfConsumerName } from '../../../service_layer/consumer-name';
import type { EventSubscription } from '../../messaging/event-subscription';

/** What the contexts publish and what their consumers read: the matter of the AsyncAPI document. */
export interface DocumentedEvents {
  readonly catalogues: readonly EventCatalogue[];
  readonly subscriptions: readonly EventSubscription[];
}

/** The settings the document states: the environment names the topics, the broker settings their shape. */
export type AsyncApiSettings = Pick<KernelConfig, 'environment' | 'broker'>;

const KAFKA_BINDING = '0.5.0';
const EXAMPLE_HEADERS = {
  id: '2b9c7d4e-1f3a-4c5b-9d8e-7f6a5b4c3d2e',
  time: '2026-05-04T10:15:30.000Z',
  correlationId: 'd0e4f6a8-2b1c-4d3e-8f5a-6b7c8d9e0f1a',
  causationId: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8',
};

const ref = (path: string): JsonObject => ({ $ref: path });
const channelId = (source: string) => `${source}-events`;
const deadLetterChannelId = (source: string) => `${source}-events-dlq`;
const deadLetterMessageId = (source: string) => `${source}.dead-letter`;

/**
 * The AsyncAPI 3.0.0 document of Keepem's integration events, as they travel on Kafka: a channel per
 * publishing context's topic and one beside it for its dead letters, a message per contract (event
 * type and version) with its payload schema, headers, key and an example, the relay's `send`
 * operations and a `receive` operation per consumer. The topics' names carry the environment.
 */
export function asyncApiDocument(settings: AsyncApiSettings, events: DocumentedEvents): JsonObject {
  const { environment, broker } = settings;
  const contracts = new Map(events.catalogues.flatMap((catalogue) => catalogue.contracts.map((contract) => [contract.type, contract])));
  const document: JsonObject = {
    asyncapi: '3.0.0',
    info: {
      title: 'Keepem events',
      version: '1',
      description: overview(settings),
      tags: events.catalogues.map((catalogue) => ({ name: catalogue.source, description: `Published by the ${catalogue.source} context` })),
    },
    defaultContentType: 'application/json',
  };
  if (broker.kafkaBrokers.length > 0) {
    document.servers = Object.fromEntries(
      broker.kafkaBrokers.map((host, index) => [
        `broker-${index + 1}`,
        { host, protocol: 'kafka', description: `A bootstrap broker of the \`${environment}\` environment (KAFKA_BROKERS)` },
      ]),
    );
  }
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  const schemas: JsonObject = {
    EventHeaders: eventHeadersSchema(),
    DeadLetterHeaders: deadLetterHeadersSchema(broker.consumerMaxAttempts),
  };
  for (const catalogue of events.catalogues) {
    const topic = eventsTopic(environment, catalogue.source);
    const types = catalogue.contracts.map((contract) => contract.type);
    for (const contract of catalogue.contracts) {
      schemas[contract.type] = payloadSchemaOf(catalogue, contract);
      messages[contract.type] = eventMessage(catalogue, contract);
    }
    messages[deadLetterMessageId(catalogue.source)] = deadLetterMessage(catalogue, topic, broker.consumerMaxAttempts);
    channels[channelId(catalogue.source)] = {
      address: topic,
      title: `${catalogue.source} events`,
      description:
        `Every event the ${catalogue.source} context publishes, each aggregate's in order (the record key is the aggregate id). ` +
        `Created at start-up when missing, with ${broker.topicPartitions} partition(s) and a replication factor of ` +
        `${broker.topicReplicationFactor} (KAFKA_TOPIC_PARTITIONS, KAFKA_TOPIC_REPLICATION_FACTOR); an existing topic is left as it is.`,
      messages: Object.fromEntries(types.map((type) => [type, ref(`#/components/messages/${type}`)])),
      tags: [{ name: catalogue.source }],
      bindings: { kafka: { partitions: broker.topicPartitions, replicas: broker.topicReplicationFactor, bindingVersion: KAFKA_BINDING } },
    };
    channels[deadLetterChannelId(catalogue.source)] = {
      address: deadLetterTopic(topic),
      title: `${catalogue.source} dead letters`,
      description:
        `The records of \`${topic}\` that a consumer gave up on, each as it was (key, value, headers) with \`dlq_*\` headers ` +
        'saying which consumer, why and where the record was. Replay one with POST /api/v1/admin/dead-letters/{id}/replay.',
      messages: { [deadLetterMessageId(catalogue.source)]: ref(`#/components/messages/${deadLetterMessageId(catalogue.source)}`) },
      tags: [{ name: catalogue.source }],
      bindings: { kafka: { partitions: broker.topicPartitions, replicas: broker.topicReplicationFactor, bindingVersion: KAFKA_BINDING } },
    };
    operations[`publish-${catalogue.source}-events`] = {
      action: 'send',
      channel: ref(`#/channels/${channelId(catalogue.source)}`),
      title: `Publish the ${catalogue.source} events`,
      summary: `The outbox relay publishes each ${catalogue.source} event once the transaction that recorded it has committed`,
      description:
        'The worker relays the outbox (the API itself in the embedded default, without Kafka). The producer is idempotent ' +
        '(acks from every in-sync replica, one request in flight); an event is marked sent once the broker acknowledged it, ' +
        'and retried until then, so none is lost and each aggregate keeps its order.',
      messages: types.map((type) => ref(`#/channels/${channelId(catalogue.source)}/messages/${type}`)),
      tags: [{ name: catalogue.source }],
    };
    operations[`dead-letter-${catalogue.source}-events`] = {
      action: 'send',
      channel: ref(`#/channels/${deadLetterChannelId(catalogue.source)}`),
      title: `Dead-letter a ${catalogue.source} event`,
      summary: `A consumer that failed ${broker.consumerMaxAttempts} times at a record of ${topic} sends it here and moves on`,
      description:
        `Attempts are spaced by a delay that starts at ${broker.consumerRetryBaseMs} ms and doubles (CONSUMER_MAX_ATTEMPTS, ` +
        'CONSUMER_RETRY_BASE_MS). The dead letter is also stored for administrators (GET /api/v1/admin/dead-letters).',
      messages: [ref(`#/channels/${deadLetterChannelId(catalogue.source)}/messages/${deadLetterMessageId(catalogue.source)}`)],
      tags: [{ name: catalogue.source }],
    };
  }
  for (const [consumer, subscriptions] of byConsumer(events.subscriptions)) {
    operations[consumer] = receiveOperation(settings, consumer, subscriptions, contracts);
  }
  document.channels = channels;
  document.operations = operations;
  document.components = {
    schemas,
    messages,
    correlationIds: {
      correlation: {
        description:
          'Shared by every event, mail and log line one request or job caused: the request id (X-Request-Id) for work a request started.',
        location: `$message.header#/${EVENT_HEADERS.correlationId}`,
      },
    },
  };
  return document;
}

function overview({ environment, broker }: AsyncApiSettings): string {
  return [
    `The integration events Keepem's contexts publish, for any service to consume, generated from the contracts in the code. This copy describes the \`${environment}\` environment.`,
    '',
    `- **Topics**: one per publishing context, \`${eventsTopic(environment, '<context>')}\`, and \`<topic>.dlq\` beside it for its dead letters.`,
    "- **Records** follow the CloudEvents Kafka binding in binary mode: the value is the payload, plain UTF-8 JSON; the envelope is in `ce_*` headers; the key is the id of the aggregate the event is about, so one aggregate's events share a partition and arrive in order (`ce_sequence` 1, 2, 3…).",
    "- **Delivery** is at least once: an event may come again, so make a repeat harmless, e.g. by remembering the `ce_id`s handled (Keepem's consumers keep an inbox each).",
    '- **Versions**: `ce_type` names the contract, `<context>.<event-name>.v<version>`. Adding a field keeps the version, so ignore fields you do not know; renaming or removing one makes a new version, published beside the old one while anyone reads it. Skip types you do not read.',
    `- **Compression**: a record whose payload reaches ${broker.compressMinBytes} bytes of JSON (OUTBOX_COMPRESS_MIN_BYTES) is sent in a gzip-compressed batch; Kafka clients decompress by themselves, and \`content-encoding\` says which it was.`,
    `- **Consumer groups**: each consuming context reads as \`${consumerGroup(environment, '<context>')}\`. A consumer that still fails after ${broker.consumerMaxAttempts} attempts sends the record to the dead-letter topic; administrators list dead letters with GET /api/v1/admin/dead-letters and put one back on its topic with POST /api/v1/admin/dead-letters/{id}/replay (consumers that had handled it skip it).`,
    '- Without KAFKA_BROKERS (the embedded default) the same events travel in process and no topic exists.',
  ].join('\n');
}

function payloadSchemaOf(catalogue: EventCatalogue, contract: EventContract<JsonObject>): JsonObject {
  const schema = catalogue.payloadSchemas[contract.type];
  if (!schema) {
    throw new Error(`${contract.type} has no payload schema: run npm run contracts:schemas`);
  }
  return schema;
}

function exampleOf(catalogue: EventCatalogue, contract: EventContract<JsonObject>): JsonObject {
  const example = catalogue.examples.find((candidate) => candidate.type === contract.type);
  if (!example) {
    throw new Error(`${contract.type} has no example in the ${catalogue.source} catalogue`);
  }
  return example.payload;
}

function eventMessage(catalogue: EventCatalogue, contract: EventContract<JsonObject>): JsonObject {
  const schema = payloadSchemaOf(catalogue, contract);
  return {
    name: contract.type,
    title: String(schema.title ?? contract.type),
    summary: firstSentenceOf(String(schema.description ?? contract.type)),
    description: String(schema.description ?? contract.type),
    contentType: 'application/json',
    headers: {
      allOf: [
        ref('#/components/schemas/EventHeaders'),
        {
          type: 'object',
          properties: {
            [EVENT_HEADERS.type]: { type: 'string', const: contract.type },
            [EVENT_HEADERS.source]: { type: 'string', const: contract.source },
          },
        },
      ],
    },
    payload: ref(`#/components/schemas/${contract.type}`),
    correlationId: ref('#/components/correlationIds/correlation'),
    tags: [{ name: catalogue.source }],
    bindings: { kafka: { key: aggregateKey(), bindingVersion: KAFKA_BINDING } },
    examples: [{ name: 'example', headers: exampleHeaders(contract), payload: exampleOf(catalogue, contract) }],
  };
}

function deadLetterMessage(catalogue: EventCatalogue, topic: string, maxAttempts: number): JsonObject {
  const [first] = catalogue.contracts;
  const examples: JsonValue[] = first
    ? [
        {
          name: 'a-failed-event',
          headers: {
            ...exampleHeaders(first),
            [DEAD_LETTER_HEADERS.consumer]: `${catalogue.source}.some-consumer`,
            [DEAD_LETTER_HEADERS.error]: 'connect ECONNREFUSED 10.0.0.7:587',
            [DEAD_LETTER_HEADERS.attempts]: String(maxAttempts),
            [DEAD_LETTER_HEADERS.originalTopic]: topic,
            [DEAD_LETTER_HEADERS.originalPartition]: '2',
            [DEAD_LETTER_HEADERS.originalOffset]: '1042',
            [DEAD_LETTER_HEADERS.deadAt]: '2026-05-04T10:16:02.000Z',
          },
          payload: exampleOf(catalogue, first),
        },
      ]
    : [];
  return {
    name: deadLetterMessageId(catalogue.source),
    title: `A ${catalogue.source} event a consumer gave up on`,
    summary: `A record of ${topic}, unchanged, with the dead-letter headers added`,
    contentType: 'application/json',
    headers: { allOf: [ref('#/components/schemas/EventHeaders'), ref('#/components/schemas/DeadLetterHeaders')] },
    payload: { anyOf: catalogue.contracts.map((contract) => ref(`#/components/schemas/${contract.type}`)) },
    correlationId: ref('#/components/correlationIds/correlation'),
    tags: [{ name: catalogue.source }],
    bindings: { kafka: { key: aggregateKey(), bindingVersion: KAFKA_BINDING } },
    examples,
  };
}

function firstSentenceOf(text: string): string {
  const end = text.search(/(?<!\be\.g|\bi\.e)[.:;](\s|$)/);
  return end < 0 ? text : `${text.slice(0, end)}.`;
}

function aggregateKey(): JsonObject {
  return {
    type: 'string',
    description:
      "The id of the aggregate the event is about (the user, keep, asset or release): one aggregate's events share a key, hence a partition, and arrive in the order they happened.",
  };
}

function exampleHeaders(contract: EventContract<JsonObject>): JsonObject {
  return {
    [EVENT_HEADERS.specVersion]: '1.0',
    [EVENT_HEADERS.id]: EXAMPLE_HEADERS.id,
    [EVENT_HEADERS.type]: contract.type,
    [EVENT_HEADERS.source]: contract.source,
    [EVENT_HEADERS.time]: EXAMPLE_HEADERS.time,
    [EVENT_HEADERS.sequence]: '1',
    [EVENT_HEADERS.correlationId]: EXAMPLE_HEADERS.correlationId,
    [EVENT_HEADERS.causationId]: EXAMPLE_HEADERS.causationId,
    [EVENT_HEADERS.contentType]: 'application/json',
    [EVENT_HEADERS.contentEncoding]: 'identity',
  };
}

function eventHeadersSchema(): JsonObject {
  const text = (description: string): JsonObject => ({ type: 'string', description });
  return {
    type: 'object',
    description: 'The envelope of every event record (CloudEvents Kafka binding, binary mode). Header values are UTF-8 text.',
    required: Object.values(EVENT_HEADERS),
    properties: {
      [EVENT_HEADERS.specVersion]: { type: 'string', const: '1.0', description: 'The CloudEvents version the envelope follows' },
      [EVENT_HEADERS.id]: text('The event id, unique per event and the same at every delivery of it: deduplicate on it'),
      [EVENT_HEADERS.type]: text('The contract the value follows, `<context>.<event-name>.v<version>`, e.g. `users.user-registered.v1`'),
      [EVENT_HEADERS.source]: text('The publishing context, `users` or `assets`: the topic is its topic'),
      [EVENT_HEADERS.time]: { type: 'string', format: 'date-time', description: 'When the event happened (ISO 8601, UTC)' },
      [EVENT_HEADERS.sequence]: {
        type: 'string',
        pattern: '^[1-9][0-9]*$',
        description: "The event's place among its aggregate's events (1, 2, 3…, decimal): a consumer can tell a repeat or a gap",
      },
      [EVENT_HEADERS.correlationId]: text(
        'Shared by every event, mail and log line that one request or job caused; for a request, its X-Request-Id',
      ),
      [EVENT_HEADERS.causationId]: text(
        'What caused the event: the id of the command a request or job sent, or the `ce_id` of the event a consumer was handling',
      ),
      [EVENT_HEADERS.contentType]: { type: 'string', const: 'application/json', description: 'The value is the payload as JSON' },
      [EVENT_HEADERS.contentEncoding]: {
        type: 'string',
        enum: ['gzip', 'identity'],
        description:
          "The codec the producer compressed the record's batch with (gzip from OUTBOX_COMPRESS_MIN_BYTES bytes of payload). Kafka clients decompress by themselves: the value read is always plain JSON.",
      },
    },
  };
}

function deadLetterHeadersSchema(maxAttempts: number): JsonObject {
  const text = (description: string): JsonObject => ({ type: 'string', description });
  const decimal = (description: string): JsonObject => ({ type: 'string', pattern: '^[0-9]+$', description });
  return {
    type: 'object',
    description: 'Added to a record sent to `<topic>.dlq`, beside its original headers, key and value.',
    required: Object.values(DEAD_LETTER_HEADERS),
    properties: {
      [DEAD_LETTER_HEADERS.consumer]: text('The consumer that gave up, e.g. `users.activation-email`'),
      [DEAD_LETTER_HEADERS.error]: text('The error of its last attempt'),
      [DEAD_LETTER_HEADERS.attempts]: decimal(`How many attempts it made (CONSUMER_MAX_ATTEMPTS, here ${maxAttempts})`),
      [DEAD_LETTER_HEADERS.originalTopic]: text('The topic the record was read from'),
      [DEAD_LETTER_HEADERS.originalPartition]: decimal('Its partition there'),
      [DEAD_LETTER_HEADERS.originalOffset]: decimal('Its offset there'),
      [DEAD_LETTER_HEADERS.deadAt]: { type: 'string', format: 'date-time', description: 'When the consumer gave up (ISO 8601, UTC)' },
    },
  };
}

function byConsumer(subscriptions: readonly EventSubscription[]): Map<string, EventSubscription[]> {
  const consumers = new Map<string, EventSubscription[]>();
  for (const subscription of subscriptions) {
    consumers.set(subscription.consumer, [...(consumers.get(subscription.consumer) ?? []), subscription]);
  }
  return consumers;
}

function receiveOperation(
  { environment, broker }: AsyncApiSettings,
  consumer: string,
  subscriptions: EventSubscription[],
  contracts: ReadonlyMap<string, EventContract<JsonObject>>,
): JsonObject {
  const context = contextOfConsumerName(consumer);
  const sources = new Set(subscriptions.map((subscription) => subscription.contract.source));
  if (sources.size !== 1) {
    throw new Error(`${consumer} reads more than one topic (${[...sources].join(', ')}); a consumer reads one`);
  }
  for (const { contract } of subscriptions) {
    if (!contracts.has(contract.type)) {
      throw new Error(`${consumer} reads ${contract.type}, which no catalogue publishes`);
    }
  }
  const [source] = sources;
  const group = consumerGroup(environment, context);
  return {
    action: 'receive',
    channel: ref(`#/channels/${channelId(source)}`),
    title: consumer,
    summary: subscriptions.map((subscription) => subscription.summary).join('; '),
    description:
      `Reads in the consumer group \`${group}\`, with every consumer of the ${context} context, and skips the other types. ` +
      `A failure is retried up to ${broker.consumerMaxAttempts} attempts in all; then the record goes to \`${deadLetterTopic(eventsTopic(environment, source))}\`.`,
    messages: [...new Set(subscriptions.map(({ contract }) => contract.type))].map((type) =>
      ref(`#/channels/${channelId(source)}/messages/${type}`),
    ),
    tags: [{ name: context }],
    bindings: {
      kafka: {
        groupId: { type: 'string', enum: [group] },
        clientId: { type: 'string', enum: [broker.clientId] },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}
