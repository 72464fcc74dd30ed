import { Injectable } from '@nestjs/common';

/**
 * Lets a committed unit of work wake the outbox relay at once instead of waiting for its next
 * poll, without the two knowing each other.
 */
@Injectable()
export class OutboxSignal {
  private listener: () => void = () => undefined;

  onCommit(listener: () => void): void {
    this.listener = listener;
  }

  committed(): void {
    this.listener();
  }
}
