import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, UnavailableError } from '../../domain/domain-error';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../dead-letter-store.port';
import { EffectInProgressError, MESSAGE_BROKER, type MessageBroker } from '../message-broker.port';
import { ReplayDeadLetter } from './replay-dead-letter.command';

/** How long an administrator is told to wait before asking again when the broker did not take the message. */
export const REPLAY_RETRY_AFTER_SECONDS = 10;

/**
 * Not a unit of work: the message goes to the broker as it died, with its own id, so every consumer
 * that already took it (the other consumers of the topic, or this one through an earlier replay)
 * skips it through its inbox, and two replays at once are as harmless as one. The letter is marked
 * replayed before the message goes out: on Kafka the worker may take it, fail again and add the
 * letter back (no longer replayed) before the broker's acknowledgement reaches this process, and a
 * mark made afterwards would hide that second death. A replay the broker refused undoes its mark,
 * unless something changed the letter since, so a failed replay leaves the letter as it was.
 */
@CommandHandler(ReplayDeadLetter)
export class ReplayDeadLetterHandler implements ICommandHandler<ReplayDeadLetter> {
  private readonly logger = new Logger(ReplayDeadLetterHandler.name);

  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly letters: DeadLetterStore,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
  ) {}

  async execute(command: ReplayDeadLetter): Promise<void> {
    const letter = await this.letters.findById(command.letterId);
    const at = command.metadata.at;
    const mark = letter && (await this.letters.markReplayed(letter.id, at));
    if (!letter || !mark) {
      throw new NotFoundError('Dead letter');
    }
    try {
      await this.broker.publish(letter.message);
    } catch (error) {
      // In process, publishing is delivering: a consumer already at work on the same message (the
      // other of two replays) has it in hand, which is all a replay asks for.
      if (!(error instanceof EffectInProgressError)) {
        this.logger.warn(`Dead letter ${letter.id} (${letter.message.type} ${letter.message.id}) was not replayed: ${String(error)}`);
        await this.letters.unmarkReplayed(letter.id, at, mark);
        throw new UnavailableError(
          `The broker did not take the message; try again in ${REPLAY_RETRY_AFTER_SECONDS} s`,
          REPLAY_RETRY_AFTER_SECONDS,
        );
      }
    }
  }
}
