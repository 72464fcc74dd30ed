import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MessagingShutdown } from '../../service_layer/messaging-shutdown';
import { OutboxRelay } from '../../service_layer/outbox-relay';
import { ProcessRole } from '../../service_layer/process-role';

/**
 * Starts the relay once every consumer has subscribed, in the process that relays (ProcessRole),
 * and has it stopped, after the record in hand, at its stage of the shutdown: after the consumers,
 * before the producer disconnects and the connections close.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelayRunner.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly role: ProcessRole,
    private readonly shutdown: MessagingShutdown,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.role.relaysOutbox) {
      if (this.role.name === 'api') {
        // An API on MongoDB with no worker beside it would leave every outbox record pending, silently.
        this.logger.warn(
          'This API neither relays the outbox nor runs the consumers on MongoDB: mails and cross-context reactions ' +
            'wait until a worker runs beside it (`npm run start:worker`)',
        );
      }
      return;
    }
    this.relay.start();
    this.shutdown.onStop('relay', 'the outbox relay', () => this.relay.stop());
  }
}
