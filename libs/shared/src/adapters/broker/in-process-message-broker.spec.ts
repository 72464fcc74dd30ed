import { describe, expect, it } from '@jest/globals';
import { MessageConsumer } from '../../service_layer/message-broker.port';
import { integrationMessage } from '../../testing/integration-message';
import { InProcessMessageBroker } from './in-process-message-broker';

const message = (source: string, type: string) => integrationMessage({ source, type });

function recorder(name: string, source: string, eventTypes: string[]): MessageConsumer & { taken: string[] } {
  const taken: string[] = [];
  return { name, source, eventTypes, taken, handle: async (received) => void taken.push(received.id) };
}

describe('InProcessMessageBroker', () => {
  it('routes a message by its source first: a consumer of another source never gets it, whatever its types', async () => {
    const broker = new InProcessMessageBroker();
    const usersReader = recorder('users-reader', 'users', ['users.user-registered.v1']);
    const impostor = recorder('assets-reader', 'assets', ['users.user-registered.v1']);
    broker.subscribe(usersReader);
    broker.subscribe(impostor);

    const sent = message('users', 'users.user-registered.v1');
    await broker.publish(sent);

    expect(usersReader.taken).toEqual([sent.id]);
    expect(impostor.taken).toEqual([]);
  });

  it('gives a consumer only the contracts it names', async () => {
    const broker = new InProcessMessageBroker();
    const consumer = recorder('activation', 'users', ['users.user-activated.v1']);
    broker.subscribe(consumer);

    await broker.publish(message('users', 'users.user-registered.v1'));

    expect(consumer.taken).toEqual([]);
  });

  it('rejects when a consumer could not take the message, naming it, after offering it to the others', async () => {
    const broker = new InProcessMessageBroker();
    const healthy = recorder('healthy', 'users', ['users.user-registered.v1']);
    broker.subscribe({
      ...recorder('failing', 'users', ['users.user-registered.v1']),
      handle: async () => Promise.reject(new Error('SMTP down')),
    });
    broker.subscribe(healthy);

    const sent = message('users', 'users.user-registered.v1');

    await expect(broker.publish(sent)).rejects.toThrow(/failing: SMTP down/);
    expect(healthy.taken).toEqual([sent.id]);
  });
});
