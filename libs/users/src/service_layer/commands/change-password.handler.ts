import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { assertAcceptablePassword } from '../../domain/password-policy';
import { PASSWORD_HASHER, type PasswordHasher } from '../ports/password-hasher.port';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { revokeSessionsOf } from '../revoke-sessions';
import { ChangePassword } from './change-password.command';

const WRONG_OLD_PASSWORD = 'The old password is wrong';

@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
  ) {}

  /**
   * Checks the old password and hashes the new one outside the transaction (both slow on purpose,
   * and the transaction may be run again), then stores the new hash and ends the user's other
   * sessions. The old password was checked against the hash read first: if another change
   * replaced that hash meanwhile, the check no longer holds, and the old password counts as wrong.
   */
  async execute(command: ChangePassword): Promise<void> {
    assertAcceptablePassword(command.newPassword, 'newPassword');
    const at = command.metadata.at;
    const user = await this.unitOfWork.run(command.metadata, (tx) => tx.repository(USER_REPOSITORY).findById(command.userId));
    if (!user) {
      throw new NotFoundError('User');
    }
    if (!(await this.passwords.verify(user.passwordHash, command.oldPassword))) {
      throw new UnauthenticatedError(WRONG_OLD_PASSWORD);
    }
    const passwordHash = await this.passwords.hash(command.newPassword);

    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const current = await users.findById(user.id);
      if (!current) {
        throw new NotFoundError('User');
      }
      if (current.passwordHash !== user.passwordHash) {
        throw new UnauthenticatedError(WRONG_OLD_PASSWORD);
      }
      current.changePassword(passwordHash, at);
      users.save(current);
      await revokeSessionsOf(tx.repository(SESSION_REPOSITORY), current.id, at, command.sessionId);
    });
  }
}
