import pino from 'pino';

/** Where log lines go: standard output, or whatever a test puts in its place to read them. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

export const logDestinationProvider = { provide: LOG_DESTINATION, useFactory: () => pino.destination(1) };
