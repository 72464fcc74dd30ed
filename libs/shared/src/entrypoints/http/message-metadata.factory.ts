import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CLOCK, type Clock } from '../../service_layer/clock.port';
import { MessageMetadata } from '../../service_layer/command';

/** Stamps a command or query with who sent it, when, and the request it belongs to. */
@Injectable()
export class MessageMetadataFactory {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  forRequest(request: FastifyRequest, userId?: string): MessageMetadata {
    return { commandId: crypto.randomUUID(), correlationId: String(request.id), userId, at: this.clock.now() };
  }
}
