/**
 * What the assets context publishes: integration events with stable versioned names and plain-JSON
 * payloads (snake_case fields, ISO 8601 dates), never a file's contents or a key.
 */
export * from './assets.source';
export * from './asset-created.v1';
export * from './asset-file-uploaded.v1';
export * from './asset-updated.v1';
export * from './asset-removed.v1';
