export const CLOCK = Symbol('CLOCK');

/** The only source of "now", so tests can move time (token expiry, scheduled releases). */
export interface Clock {
  now(): Date;
}
