import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ASSETS_EVENTS, ASSETS_SUBSCRIPTIONS } from '@keepem/assets';
import { USERS_EVENTS, USERS_SUBSCRIPTIONS } from '@keepem/users';
import type { MessageConsumer } from '@keepem/shared/service_layer';
import { InProcessMessageBroker } from '../../libs/shared/src/adapters/broker/in-process-message-broker';
import { asyncApiProblems } from '../support/asyncapi-validator';
import { startTestApp, TestApp } from '../support/test-app';

type Json = { [key: string]: unknown };
interface Message {
  name: string;
  payload: { $ref: string };
  examples: Array<{ headers: Record<string, string>; payload: Json }>;
}
interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: Array<{ $ref: string }>;
  bindings?: { kafka: { groupId: { enum: string[] } } };
}
interface AsyncApi {
  asyncapi: string;
  servers?: Json;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, Operation>;
  components: { schemas: Record<string, Json>; messages: Record<string, Message> };
}

const CATALOGUES = [USERS_EVENTS, ASSETS_EVENTS];
const SUBSCRIPTIONS = [...USERS_SUBSCRIPTIONS, ...ASSETS_SUBSCRIPTIONS];

/** GET /docs/asyncapi.json from the real application: what a consumer of the events reads. */
describe('The AsyncAPI document of the events', () => {
  let app: TestApp;
  let document: AsyncApi;
  const subscribed: Array<Pick<MessageConsumer, 'name' | 'source' | 'eventTypes'>> = [];

  beforeAll(async () => {
    // Records, and passes on, what the consumers really subscribe as the application starts.
    const subscribe = jest.spyOn(InProcessMessageBroker.prototype, 'subscribe');
    // The API's own subscriptions; on MongoDB the worker beside it, started later, subscribes the same consumers.
    app = await startTestApp({}, undefined, { worker: 'later' });
    subscribed.push(
      ...subscribe.mock.calls.map(([consumer]) => ({ name: consumer.name, source: consumer.source, eventTypes: consumer.eventTypes })),
    );
    subscribe.mockRestore();
    document = (await app.http().get('/docs/asyncapi.json').expect(200)).body as AsyncApi;
  });
  afterAll(() => app?.close());

  it('is served as JSON to anyone, beside Swagger UI, and stays out of the OpenAPI document', async () => {
    const response = await app.http().get('/docs/asyncapi.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const openApi = (await app.http().get('/docs-json').expect(200)).body as { paths: Json; info: { description: string } };
    expect(Object.keys(openApi.paths).filter((path) => path.includes('asyncapi'))).toEqual([]);
    expect(openApi.info.description).toContain('[/docs/asyncapi.json](/docs/asyncapi.json)');
    await app.http().get('/api/v1/docs/asyncapi.json').expect(404);
  });

  it('is a valid AsyncAPI 3.0.0 document whose schemas compile and whose examples satisfy them', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(asyncApiProblems(document as unknown as Json)).toEqual([]);
  });

  it('has every contract of every context as a message on its context topic, with the generated payload schema', () => {
    for (const catalogue of CATALOGUES) {
      const channel = document.channels[`${catalogue.source}-events`];
      expect(channel.address).toBe(`keepem.dev.${catalogue.source}.events`);
      expect(Object.keys(channel.messages).sort()).toEqual(catalogue.contracts.map((contract) => contract.type).sort());
      for (const contract of catalogue.contracts) {
        const message = document.components.messages[contract.type];
        expect(message.name).toBe(contract.type);
        expect(document.components.schemas[contract.type]).toEqual(catalogue.payloadSchemas[contract.type]);
        expect(message.examples[0].headers).toMatchObject({ ce_type: contract.type, ce_source: contract.source });
      }
      expect(document.channels[`${catalogue.source}-events-dlq`].address).toBe(`keepem.dev.${catalogue.source}.events.dlq`);
      expect(document.operations[`publish-${catalogue.source}-events`]).toMatchObject({ action: 'send' });
      expect(document.operations[`dead-letter-${catalogue.source}-events`]).toMatchObject({ action: 'send' });
    }
    const messages = Object.keys(document.components.messages).filter((id) => !id.endsWith('.dead-letter'));
    expect(messages.sort()).toEqual(CATALOGUES.flatMap((catalogue) => catalogue.contracts.map((contract) => contract.type)).sort());
  });

  it('lists the subscriptions the consumers really make, each as a receive operation of its context group', () => {
    const declared = SUBSCRIPTIONS.map((subscription) => ({
      name: subscription.consumer,
      source: subscription.contract.source,
      eventTypes: [subscription.contract.type],
    }));
    expect(subscribed.length).toBeGreaterThan(0);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...declared].sort(byName)).toEqual([...subscribed].sort(byName));
    for (const subscription of SUBSCRIPTIONS) {
      const operation = document.operations[subscription.consumer];
      expect(operation.action).toBe('receive');
      expect(operation.channel.$ref).toBe(`#/channels/${subscription.contract.source}-events`);
      expect(operation.messages).toContainEqual({
        $ref: `#/channels/${subscription.contract.source}-events/messages/${subscription.contract.type}`,
      });
      expect(operation.bindings?.kafka.groupId.enum).toEqual([`keepem.dev.${subscription.consumer.split('.')[0]}`]);
    }
  });

  it('names no server while KAFKA_BROKERS is unset', () => {
    expect(document.servers).toBeUndefined();
  });

  /** The validator the tests above rely on finds what is wrong with a broken copy of the document. */
  describe('its validation', () => {
    const broken = (mutate: (copy: AsyncApi) => void): string[] => {
      const copy = structuredClone(document);
      mutate(copy);
      return asyncApiProblems(copy as unknown as Json);
    };

    it('refuses another AsyncAPI version, an operation without a channel, or an unknown field', () => {
      expect(broken((copy) => (copy.asyncapi = '2.6.0'))).not.toEqual([]);
      expect(broken((copy) => delete (copy.operations['publish-users-events'] as Partial<Operation>).channel)).not.toEqual([]);
      expect(broken((copy) => ((copy.channels['users-events'] as Json).topic = 'keepem.dev.users.events'))).not.toEqual([]);
    });

    it('refuses a $ref to nothing and an operation message of another channel', () => {
      expect(
        broken((copy) => (copy.channels['users-events'].messages['users.user-registered.v1'].$ref = '#/components/messages/nope')),
      ).toEqual([expect.stringContaining('points to nothing')]);
      expect(
        broken((copy) =>
          copy.operations['publish-users-events'].messages.push({ $ref: '#/channels/assets-events/messages/assets.asset-created.v1' }),
        ),
      ).toEqual([expect.stringContaining("is not one of its channel's")]);
    });

    it('refuses a payload schema that does not compile and an example that does not fit its schemas', () => {
      expect(broken((copy) => (copy.components.schemas['users.user-registered.v1'].type = 'record'))).not.toEqual([]);
      expect(broken((copy) => delete copy.components.messages['users.user-registered.v1'].examples[0].payload.email)).toEqual([
        expect.stringContaining("must have required property 'email'"),
      ]);
      expect(
        broken((copy) => (copy.components.messages['users.user-registered.v1'].examples[0].payload.registered_at = 'yesterday')),
      ).toEqual([expect.stringContaining('must match format "date-time"')]);
      expect(
        broken((copy) => (copy.components.messages['users.user-registered.v1'].examples[0].headers.ce_type = 'users.other.v1')),
      ).toEqual([expect.stringContaining('must be equal to constant')]);
    });
  });
});
