/** How a context declares what it publishes; every context's `contracts/` builds on this and nothing else. */
export * from './integration-event';
export * from './event-catalogue';
