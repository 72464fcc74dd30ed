/**
 * What the assets context publishes: integration events with stable versioned names and plain-JSON
 * payloads (snake_case fields, ISO 8601 dates), never a file's contents or a key.
 */
export * from './assets.source';
export * from './asset-created.v1';
export * from './asset-file-uploaded.v1';
export * from './asset-updated.v1';
export * from './asset-removed.v1';
export * from './asset-ownership-changed.v1';
export * from './asset-release-scheduled.v1';
export * from './asset-released.v1';
export * from './asset-release-canceled.v1';
export * from './release-time-came.v1';
export * from './assets.catalogue';
