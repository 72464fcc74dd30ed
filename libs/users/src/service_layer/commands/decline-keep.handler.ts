import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { KeepNotFoundError } from '../../domain/keep.errors';
import { KEEP_REPOSITORY } from '../ports/keep.repository.port';
import { DeclineKeep } from './decline-keep.command';

@CommandHandler(DeclineKeep)
export class DeclineKeepHandler implements ICommandHandler<DeclineKeep> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(command: DeclineKeep): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const keeps = tx.repository(KEEP_REPOSITORY);
      const keep = await keeps.findById(command.keepId);
      if (!keep) {
        throw new KeepNotFoundError();
      }
      keep.decline(command.userId, command.reason, command.metadata.at);
      keeps.save(keep);
    });
  }
}
