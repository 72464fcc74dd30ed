import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import type { OwnerId } from '../../domain/asset.aggregate';
import { DirectoryEntry, type UserFacts } from '../../domain/directory-entry';
import { DIRECTORY_ENTRY_REPOSITORY } from '../ports/directory-entry.repository.port';
import { RecordKnownUser } from './record-known-user.command';

/**
 * Upserts the user's entry in one unit of work, which also records the event in its consumer's
 * inbox (the command's metadata names the consumer). Two events of one new user at once both try
 * to insert it: the loser is rerun and finds the winner's entry.
 */
@CommandHandler(RecordKnownUser)
export class RecordKnownUserHandler implements ICommandHandler<RecordKnownUser> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(command: RecordKnownUser): Promise<void> {
    const facts: UserFacts = {
      profile: { username: command.username, publicName: command.publicName, state: command.state },
      email: command.email,
      at: command.occurredAt,
    };
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const entries = tx.repository(DIRECTORY_ENTRY_REPOSITORY);
      const entry = await entries.findById(command.userId);
      if (!entry) {
        entries.save(DirectoryEntry.first(command.userId as OwnerId, facts, command.metadata.at));
      } else if (entry.learn(facts, command.metadata.at)) {
        entries.save(entry);
      }
    });
  }
}
