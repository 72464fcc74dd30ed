/** Test doubles for the kernel's ports, for unit tests only (never imported by production code). */
export * from './manual-clock';
export * from './memory-persistence';
export * from './integration-message';
export * from './invalid-configuration';
export * from './logged-warnings';
