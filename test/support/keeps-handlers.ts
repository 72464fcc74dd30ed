import { DocumentKeepRepository, KEEPS_COLLECTION } from '../../libs/users/src/adapters/document-keep.repository';
import type { Keep } from '../../libs/users/src/domain/keep.aggregate';
import type { User } from '../../libs/users/src/domain/user.aggregate';
import { AcceptKeep } from '../../libs/users/src/service_layer/commands/accept-keep.command';
import { AcceptKeepHandler } from '../../libs/users/src/service_layer/commands/accept-keep.handler';
import { DeclineKeep } from '../../libs/users/src/service_layer/commands/decline-keep.command';
import { DeclineKeepHandler } from '../../libs/users/src/service_layer/commands/decline-keep.handler';
import { RequestKeep } from '../../libs/users/src/service_layer/commands/request-keep.command';
import { RequestKeepHandler } from '../../libs/users/src/service_layer/commands/request-keep.handler';
import { KEEP_REPOSITORY, type KeepRepository } from '../../libs/users/src/service_layer/ports/keep.repository.port';
import { Pause, pausingAfter } from './pause';
import { usersFixture, type UsersFixture } from './users-handlers';

/** Whom a RequestKeep names: exactly one way, unless a test means otherwise. */
export type KeepTarget = Partial<Pick<RequestKeep, 'toId' | 'toCode' | 'toEmail'>>;

/** The keep handlers on the users context's embedded unit of work. */
export interface KeepsFixture extends UsersFixture {
  /** RequestKeep through its handler; answers the keep's id. */
  requestKeep(requester: User, target: KeepTarget, nameByRequester?: string | null): Promise<string>;
  acceptKeep(by: User, keepId: string, nameByRequested?: string | null): Promise<void>;
  declineKeep(by: User, keepId: string, reason?: string | null): Promise<void>;
  /** Makes every keeps repository wait at the returned pause after `method` has read (see pauseUsersAfter). */
  pauseKeepsAfter(method: keyof KeepRepository): Pause;
  storedKeep(keepId: string): Promise<Keep | null>;
  /** Every live keep the user is a party to. */
  liveKeepsOf(user: User): Promise<Keep[]>;
}

export async function keepsFixture(): Promise<KeepsFixture> {
  const fixture = await usersFixture();
  const { unitOfWork } = fixture;
  return {
    ...fixture,
    requestKeep: (requester, target, nameByRequester = null) => {
      const keepId = crypto.randomUUID();
      return new RequestKeepHandler(unitOfWork).execute(
        new RequestKeep({
          keepId,
          requesterId: requester.id,
          toId: target.toId ?? null,
          toCode: target.toCode ?? null,
          toEmail: target.toEmail ?? null,
          nameByRequester,
          metadata: fixture.metadata(),
        }),
      );
    },
    acceptKeep: (by, keepId, nameByRequested = null) =>
      new AcceptKeepHandler(unitOfWork).execute(new AcceptKeep({ keepId, userId: by.id, nameByRequested, metadata: fixture.metadata() })),
    declineKeep: (by, keepId, reason = null) =>
      new DeclineKeepHandler(unitOfWork).execute(new DeclineKeep({ keepId, userId: by.id, reason, metadata: fixture.metadata() })),
    pauseKeepsAfter: (method) => {
      const pause = new Pause();
      fixture.registry.register(KEEP_REPOSITORY, KEEPS_COLLECTION, (tx) => pausingAfter(new DocumentKeepRepository(tx), method, pause));
      return pause;
    },
    storedKeep: (keepId) => fixture.load((tx) => tx.repository(KEEP_REPOSITORY).findById(keepId)),
    liveKeepsOf: (user) => fixture.load((tx) => tx.repository(KEEP_REPOSITORY).findLiveOf(user.id)),
  };
}
