import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, CLOCK, type Clock, ConflictError } from '@keepem/shared';
import { SeedAdministrator } from '../../service_layer/commands/seed-administrator.command';

/** Creates the administrator from ADMIN_EMAIL / ADMIN_PASSWORD at start-up, once. */
@Injectable()
export class AdministratorSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdministratorSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) {
      return;
    }
    const id = crypto.randomUUID();
    try {
      await this.commandBus.execute(
        new SeedAdministrator(id, this.config.admin.email, this.config.admin.password, {
          commandId: id,
          correlationId: id,
          at: this.clock.now(),
        }),
      );
    } catch (error) {
      // The API and the worker start together: whichever loses the race finds the account made.
      if (!(error instanceof ConflictError)) {
        throw error;
      }
    }
    this.logger.log(`Administrator account ${this.config.admin.email} is in place`);
  }
}
