/** The shared kernel's pure part: what any context's domain may import. */
export * from './aggregate-root';
export * from './aggregate-state';
export * from './domain-error';
export * from './domain-event';
export * from './entity';
export * from './ids';
export * from './value-object';
