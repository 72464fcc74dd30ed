/** The ports and service-layer building blocks any context's service layer may import. */
export * from './access-token-verifier.port';
export * from './clock.port';
export * from './command';
export * from './lease';
export * from './mailer.port';
export * from './message-broker.port';
export * from './once-effect.runner';
export * from './outbox.port';
export * from './outbox-view.port';
export * from './paging';
export * from './outbox-relay';
export * from './outbox-signal';
export * from './persistence-health.port';
export * from './unit-of-work.port';
export * from './document-reader.port';
export * from './message-metadata.factory';
export * from './published-events';
