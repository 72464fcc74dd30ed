import { Clock } from '../service_layer/clock.port';

/** A clock that only moves when told to: lets tests reach an expiry without waiting for it. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
