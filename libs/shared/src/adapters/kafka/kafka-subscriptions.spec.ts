import { describe, expect, it } from '@jest/globals';
import type { MessageConsumer } from '../../service_layer/message-broker.port';
import { KafkaSubscriptions } from './kafka-subscriptions';

const consumer = (name: string, source: string): MessageConsumer => ({ name, source, eventTypes: [], handle: async () => undefined });

describe('KafkaSubscriptions', () => {
  it('groups consumers by the context their name begins with, whatever they read', () => {
    const subscriptions = new KafkaSubscriptions();
    const activation = consumer('users.activation-email', 'users');
    const knownUsers = consumer('assets.known-user-registered', 'users');
    const fileDeletion = consumer('assets.removed-file-deletion', 'assets');
    [activation, knownUsers, fileDeletion].forEach((subscribed) => subscriptions.add(subscribed));

    expect(subscriptions.byContext()).toEqual(
      new Map([
        ['users', [activation]],
        ['assets', [knownUsers, fileDeletion]],
      ]),
    );
    expect(subscriptions.sources()).toEqual(['users', 'assets']);
  });

  it('refuses a consumer whose name names no context, or a name taken', () => {
    const subscriptions = new KafkaSubscriptions();
    subscriptions.add(consumer('users.activation-email', 'users'));

    expect(() => subscriptions.add(consumer('activation', 'users'))).toThrow(/<context>.<purpose>/);
    expect(() => subscriptions.add(consumer('users.activation-email', 'users'))).toThrow(/already subscribed/);
  });
});
