/** What drives a context without HTTP: broker subscriptions and the outbox relay's lifecycle. */
export * from './once-effect.consumer';
export * from '../jobs/outbox-relay.runner';
export * from './command-consumer';
