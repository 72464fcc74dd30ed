import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelay } from '../../service_layer/outbox-relay';

/**
 * Starts the relay once every consumer has subscribed, and stops it (after the record in hand)
 * before the connections close. Imported by the apps that relay (the API, and the worker).
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
