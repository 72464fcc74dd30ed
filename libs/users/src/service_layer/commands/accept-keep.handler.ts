import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { KeepNotFoundError } from '../../domain/keep.errors';
import { KEEP_REPOSITORY } from '../ports/keep.repository.port';
import { AcceptKeep } from './accept-keep.command';

@CommandHandler(AcceptKeep)
export class AcceptKeepHandler implements ICommandHandler<AcceptKeep> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** Racing a decline or another accept, the loser is run again, finds the keep no longer pending and is refused. */
  async execute(command: AcceptKeep): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const keeps = tx.repository(KEEP_REPOSITORY);
      const keep = await keeps.findById(command.keepId);
      if (!keep) {
        throw new KeepNotFoundError();
      }
      keep.accept(command.userId, command.nameByRequested, command.metadata.at);
      keeps.save(keep);
    });
  }
}
