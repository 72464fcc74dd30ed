import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessageMetadataFactory } from '@keepem/shared/service_layer';
import { EmailAlreadyRegisteredError } from '../../domain/user.errors';
import { SeedAdministrator } from '../../service_layer/commands/seed-administrator.command';
import { type UsersConfig, usersConfig } from '../../users.config';

/** Creates the administrator from ADMIN_EMAIL / ADMIN_PASSWORD at start-up, once. */
@Injectable()
export class AdministratorSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdministratorSeeder.name);

  constructor(
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
    private readonly commandBus: CommandBus,
    private readonly metadata: MessageMetadataFactory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) {
      return;
    }
    const { email, password } = this.config.admin;
    try {
      await this.commandBus.execute(
        new SeedAdministrator({ userId: crypto.randomUUID(), email, password, metadata: this.metadata.forSystem() }),
      );
    } catch (error) {
      // The account exists: an earlier start made it, or the API or the worker starting alongside.
      if (!(error instanceof EmailAlreadyRegisteredError)) {
        throw error;
      }
    }
    this.logger.log(`Administrator account ${this.config.admin.email} is in place`);
  }
}
