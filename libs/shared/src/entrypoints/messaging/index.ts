/** What drives a context without HTTP: broker subscriptions and the outbox relay's lifecycle. */
export * from './once-effect.consumer';
export * from './messaging-process.module';
export * from './command-consumer';
export * from './event-subscription';
export * from './kafka-consumers.runner';
