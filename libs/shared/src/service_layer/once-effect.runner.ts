import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from './clock.port';
import { LEASE_SETTINGS, type LeaseSettings, whileRenewing } from './lease';
import { MessageMetadataFactory } from './message-metadata.factory';
import { EffectInProgressError, IntegrationMessage } from './message-broker.port';
import { UNIT_OF_WORK, type UnitOfWork } from './unit-of-work.port';

/**
 * Runs a side effect that cannot join a transaction (an e-mail) once per consumer and event, as far
 * as a crash allows. The consumer's inbox entry is claimed first, with a lease renewed while the
 * effect runs, so a second delivery arriving meanwhile (a relay whose lease ran out, a broker
 * redelivery) does not run it too. It is marked processed only after the effect succeeded, so a
 * failure is retried and a success is not repeated.
 */
@Injectable()
export class OnceEffectRunner {
  private readonly logger = new Logger(OnceEffectRunner.name);

  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEASE_SETTINGS) private readonly lease: LeaseSettings,
    private readonly metadata: MessageMetadataFactory,
  ) {}

  async run(consumer: string, message: IntegrationMessage, effect: () => Promise<void>): Promise<void> {
    const owner = crypto.randomUUID();
    const outcome = await this.unitOfWork.run(this.metadata.causedBy(message), (tx) =>
      tx.inbox.claim(consumer, message.id, owner, this.leaseEnd()),
    );
    if (outcome === 'processed') {
      return;
    }
    if (outcome === 'busy') {
      throw new EffectInProgressError(`${consumer} is already handling ${message.type} ${message.id} in another delivery`);
    }
    const renew = () =>
      this.unitOfWork.run(this.metadata.causedBy(message), (tx) => tx.inbox.renew(consumer, message.id, owner, this.leaseEnd()));
    try {
      await whileRenewing(renew, this.lease.renewEveryMs, effect);
    } catch (error) {
      await this.unitOfWork
        .run(this.metadata.causedBy(message), (tx) => tx.inbox.release(consumer, message.id, owner))
        .catch((releaseError: unknown) =>
          this.logger.warn(`${consumer} could not release its claim on ${message.id}: ${String(releaseError)}`),
        );
      throw error;
    }
    const stillOurs = await this.unitOfWork.run(this.metadata.causedBy(message), (tx) => tx.inbox.complete(consumer, message.id, owner));
    if (!stillOurs) {
      this.logger.warn(
        `${consumer} finished ${message.type} ${message.id} after another delivery took its claim over; the effect may have run twice`,
      );
    }
  }

  private leaseEnd(): Date {
    return new Date(this.clock.now().getTime() + this.lease.leaseMs);
  }
}
