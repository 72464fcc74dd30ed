import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Command } from '@keepem/shared/service_layer';

/**
 * Runs a command after the answer to its request has gone out, for a route whose answer must not
 * tell what the command found: the password reset request answers an unknown address exactly as a
 * registered one, in the same time, because the work that differs (storing the request, the
 * outbox record) starts only once the answer is written. A failure is logged, never answered.
 * Shutting down waits for the commands still running.
 */
@Injectable()
export class DetachedCommands implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DetachedCommands.name);
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly commandBus: CommandBus) {}

  dispatch(command: Command<unknown>): void {
    const run = new Promise<void>((afterTheAnswer) => setImmediate(afterTheAnswer))
      .then(() => this.commandBus.execute(command))
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.error(
            `${command.constructor.name} (request ${command.metadata.correlationId}) failed after its answer was sent: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.running);
  }
}
