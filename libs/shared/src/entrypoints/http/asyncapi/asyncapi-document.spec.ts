import { describe, expect, it } from '@jest/globals';
import { asyncApiProblems } from '../../../../../../test/support/asyncapi-validator';
import { kernelConfig } from '../../../adapters/config/kernel.config';
import { contractExample, eventContract, type EventCatalogue, type JsonObject } from '../../../contracts';
import type { EventSubscription } from '../../messaging/event-subscription';
import { asyncApiDocument, type DocumentedEvents } from './asyncapi-document';

type Parcel = { parcel_id: string; weight_grams: number; sent_at: string };
const PARCEL_SENT_V1 = eventContract<Parcel>('post', 'parcel-sent', 1);
const PARCEL_SENT_V2 = eventContract<Parcel & { sender: string }>('post', 'parcel-sent', 2);

const post: EventCatalogue = {
  source: 'post',
  contracts: [PARCEL_SENT_V1, PARCEL_SENT_V2],
  payloadSchemas: {
    [PARCEL_SENT_V1.type]: {
      title: 'ParcelSentV1',
      type: 'object',
      properties: { parcel_id: { type: 'string' }, weight_grams: { type: 'number' }, sent_at: { type: 'string', format: 'date-time' } },
      required: ['parcel_id', 'weight_grams', 'sent_at'],
      description: 'A parcel left, e.g. by van: it is on its way.',
    },
    [PARCEL_SENT_V2.type]: {
      type: 'object',
      properties: { parcel_id: { type: 'string' }, sender: { type: 'string' } },
      required: ['parcel_id', 'sender'],
    },
  },
  examples: [
    contractExample(PARCEL_SENT_V1, { parcel_id: 'p-1', weight_grams: 800, sent_at: '2026-05-04T10:15:30.000Z' }),
    contractExample(PARCEL_SENT_V2, { parcel_id: 'p-1', weight_grams: 800, sent_at: '2026-05-04T10:15:30.000Z', sender: 'ada' }),
  ],
};
const subscriptions: EventSubscription[] = [
  { consumer: 'billing.postage', contract: PARCEL_SENT_V1, summary: 'Bills the postage' },
  { consumer: 'billing.postage', contract: PARCEL_SENT_V2, summary: 'and the sender' },
  { consumer: 'post.tracking', contract: PARCEL_SENT_V2, summary: 'Starts tracking' },
];
const events: DocumentedEvents = { catalogues: [post], subscriptions };

type Doc = {
  servers?: Record<string, { host: string; protocol: string }>;
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: Array<{ $ref: string }>; bindings?: unknown }>;
  components: { messages: Record<string, { summary: string; examples: Array<{ headers: Record<string, string> }> }> };
};
const documentFor = (environment: Record<string, string>, documented: DocumentedEvents = events) =>
  asyncApiDocument(kernelConfig(environment), documented) as unknown as Doc;

describe('asyncApiDocument', () => {
  it('is a valid AsyncAPI 3.0.0 document', () => {
    expect(asyncApiProblems(documentFor({}) as unknown as JsonObject)).toEqual([]);
  });

  it("names the topics after the running environment, with the dead-letter topic beside each context's", () => {
    const document = documentFor({ ENVIRONMENT: 'qa' });
    expect(document.channels['post-events'].address).toBe('keepem.qa.post.events');
    expect(Object.keys(document.channels['post-events'].messages)).toEqual(['post.parcel-sent.v1', 'post.parcel-sent.v2']);
    expect(document.channels['post-events-dlq']).toMatchObject({
      address: 'keepem.qa.post.events.dlq',
      messages: { 'post.dead-letter': {} },
    });
  });

  it('lists a server per broker of KAFKA_BROKERS, and none without', () => {
    expect(documentFor({ KAFKA_BROKERS: 'kafka-a:9092, kafka-b:9092', MONGODB_URL: 'mongodb://mongo:27017/keepem' }).servers).toEqual({
      'broker-1': expect.objectContaining({ host: 'kafka-a:9092', protocol: 'kafka' }),
      'broker-2': expect.objectContaining({ host: 'kafka-b:9092', protocol: 'kafka' }),
    });
    expect(documentFor({}).servers).toBeUndefined();
  });

  it('makes every version of an event a message of its own, headed with its type, summed up by its first sentence', () => {
    const { messages } = documentFor({}).components;
    expect(messages['post.parcel-sent.v1'].examples[0].headers).toMatchObject({ ce_type: 'post.parcel-sent.v1', ce_source: 'post' });
    expect(messages['post.parcel-sent.v2'].examples[0].headers).toMatchObject({ ce_type: 'post.parcel-sent.v2' });
    expect(messages['post.parcel-sent.v1'].summary).toBe('A parcel left, e.g. by van.');
  });

  it("gives each consumer a receive operation on its source's channel, in its context's consumer group", () => {
    const { operations } = documentFor({ KAFKA_CLIENT_ID: 'keepem-worker' });
    expect(operations['billing.postage']).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/post-events' },
      messages: [
        { $ref: '#/channels/post-events/messages/post.parcel-sent.v1' },
        { $ref: '#/channels/post-events/messages/post.parcel-sent.v2' },
      ],
      bindings: { kafka: { groupId: { enum: ['keepem.dev.billing'] }, clientId: { enum: ['keepem-worker'] } } },
    });
    expect(operations['post.tracking']).toMatchObject({
      action: 'receive',
      bindings: { kafka: { groupId: { enum: ['keepem.dev.post'] } } },
    });
    expect(operations['publish-post-events']).toMatchObject({ action: 'send', channel: { $ref: '#/channels/post-events' } });
    expect(operations['dead-letter-post-events']).toMatchObject({ action: 'send', channel: { $ref: '#/channels/post-events-dlq' } });
  });

  it('refuses a contract without a payload schema or an example, and a consumer of an unpublished contract', () => {
    const { [PARCEL_SENT_V2.type]: _schema, ...oneSchema } = post.payloadSchemas;
    expect(() => documentFor({}, { catalogues: [{ ...post, payloadSchemas: oneSchema }], subscriptions: [] })).toThrow(
      'post.parcel-sent.v2 has no payload schema',
    );
    expect(() => documentFor({}, { catalogues: [{ ...post, examples: post.examples.slice(0, 1) }], subscriptions: [] })).toThrow(
      'post.parcel-sent.v2 has no example',
    );
    const stray = eventContract<{ id: string }>('mail', 'bounced', 1);
    expect(() =>
      documentFor({}, { catalogues: [post], subscriptions: [{ consumer: 'post.bounces', contract: stray, summary: '' }] }),
    ).toThrow('post.bounces reads mail.bounced.v1, which no catalogue publishes');
    expect(() =>
      documentFor({}, { catalogues: [post], subscriptions: [{ consumer: 'tracking', contract: PARCEL_SENT_V1, summary: '' }] }),
    ).toThrow('<context>.<purpose>');
  });
});
