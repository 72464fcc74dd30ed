/**
 * What the users context publishes: integration events with stable versioned names and plain-JSON
 * payloads (snake_case fields, ISO 8601 dates), for any context or service to consume.
 */
export * from './users.source';
export * from './user-activated.v1';
export * from './user-registered.v1';
export * from './public-profile-changed.v1';
export * from './user-removed.v1';
export * from './keep-requested.v1';
export * from './keep-accepted.v1';
export * from './keep-declined.v1';
export * from './pending-legacy-counter';
export * from './keep-directory';
export * from './user-reminder-added.v1';
export * from './user-reminder-removed.v1';
export * from './password-reset-requested.v1';
export * from './users.catalogue';
