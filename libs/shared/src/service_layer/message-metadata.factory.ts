import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from './clock.port';
import { MessageMetadata } from './command';

/** What an incoming integration message contributes to the work it causes. */
export interface CausingMessage {
  id: string;
  correlationId: string;
}

/** The one place a command or query is stamped with who sent it, when, and what it belongs to. */
@Injectable()
export class MessageMetadataFactory {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** A client's request: its request id ties together every event, mail and log line it causes. */
  forRequest(requestId: string, userId?: string): MessageMetadata {
    return this.stamp({ correlationId: requestId, userId });
  }

  /**
   * Work an integration message caused: it keeps the message's correlation and names the message as
   * its cause. With `handledBy`, the consumer's inbox makes the work happen once per message.
   */
  causedBy(message: CausingMessage, handledBy?: string): MessageMetadata {
    return this.stamp({ correlationId: message.correlationId, causationId: message.id, handledBy });
  }

  /** Work the service starts by itself (start-up seeding, scheduled jobs): a correlation of its own. */
  forSystem(): MessageMetadata {
    return this.stamp({ correlationId: crypto.randomUUID() });
  }

  private stamp(fields: Pick<MessageMetadata, 'correlationId' | 'causationId' | 'handledBy' | 'userId'>): MessageMetadata {
    return { commandId: crypto.randomUUID(), ...fields, at: this.clock.now() };
  }
}
