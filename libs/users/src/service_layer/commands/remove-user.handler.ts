import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError, NotFoundError } from '@keepem/shared/domain';
import { type Transaction, UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import type { User } from '../../domain/user.aggregate';
import { KEEP_REPOSITORY } from '../ports/keep.repository.port';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { revokeSessionsOf } from '../revoke-sessions';
import { RemoveUser } from './remove-user.command';

/** A refreshed access token proves only that a session lives on, not that its owner is at the keyboard. */
export class FreshLoginRequiredError extends ForbiddenError {
  constructor() {
    super('Removing your account needs a fresh login: log in again with your password and use the new access token');
  }
}

/** The admin route would let a stolen admin token skip the fresh login that an owner's own removal needs. */
export class OwnAccountThroughAdminRouteError extends ForbiddenError {
  constructor() {
    super('Administrators remove their own account like anyone else, with DELETE /api/v1/me after a fresh login');
  }
}

/** The reason a removed user's keeps give the other side. */
const KEEP_DECLINED_ON_REMOVAL = 'user removed';

@CommandHandler(RemoveUser)
export class RemoveUserHandler implements ICommandHandler<RemoveUser> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * A removed account is gone to the API: removing it again answers 404, like an unknown id. Of two
   * removals at once, one commits; the other's unit of work is run again, finds the user removed
   * and answers 404, so exactly one UserRemoved is recorded.
   */
  async execute(command: RemoveUser): Promise<void> {
    const { userId, removal, metadata } = command;
    if (removal.by === 'self' && !command.freshLogin) {
      throw new FreshLoginRequiredError();
    }
    if (removal.by === 'admin' && removal.adminId === userId) {
      throw new OwnAccountThroughAdminRouteError();
    }
    await this.unitOfWork.run(metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findById(userId);
      if (!user || user.state === 'removed') {
        throw new NotFoundError('User');
      }
      user.remove(removal, metadata.at);
      users.save(user);
      await this.endWhatTheyHeld(tx, user, metadata.at);
    });
  }

  /**
   * What the user held in this context ends in the same commit as the account: a removal is never
   * seen half done. Their sessions end, so their refresh tokens stop working at once (an access
   * token lives out its lifetime, but finds the account gone). Their pending and active keeps
   * are declined in their name, so the other side sees why, and other contexts hear of each.
   */
  private async endWhatTheyHeld(tx: Transaction, user: User, at: Date): Promise<void> {
    await revokeSessionsOf(tx.repository(SESSION_REPOSITORY), user.id, at);
    const keeps = tx.repository(KEEP_REPOSITORY);
    for (const keep of await keeps.findLiveOf(user.id)) {
      keep.decline(user.id, KEEP_DECLINED_ON_REMOVAL, at);
      keeps.save(keep);
    }
  }
}
