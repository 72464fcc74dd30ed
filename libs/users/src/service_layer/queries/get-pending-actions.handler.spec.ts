import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { DocumentKeepsView } from '../../adapters/document-keeps.view';
import type { PendingLegacyCounter } from '../../contracts';
import type { User } from '../../domain/user.aggregate';
import { GetPendingActions } from './get-pending-actions.query';
import { GetPendingActionsHandler } from './get-pending-actions.handler';

describe('GetPendingActions', () => {
  let fixture: KeepsFixture;
  let ada: User;

  beforeEach(async () => {
    fixture = await keepsFixture();
    ada = await fixture.activeUser();
  });
  afterEach(() => fixture.close());

  const pendingFor = (user: User, legacies?: PendingLegacyCounter) =>
    new GetPendingActionsHandler(new DocumentKeepsView(fixture.reader), legacies).execute(
      new GetPendingActions({ userId: user.id, metadata: fixture.metadata() }),
    );

  it('counts the pending keeps the user was asked for, not those they asked for nor answered ones', async () => {
    const [bob, cy, dee, eve] = [
      await fixture.activeUser(),
      await fixture.activeUser(),
      await fixture.activeUser(),
      await fixture.activeUser(),
    ];
    await fixture.requestKeep(bob, { toId: ada.id });
    await fixture.requestKeep(cy, { toId: ada.id });
    await fixture.acceptKeep(ada, await fixture.requestKeep(dee, { toId: ada.id }));
    await fixture.requestKeep(ada, { toId: eve.id });

    expect(await pendingFor(ada)).toEqual({ keeps: 2, legacy: 0 });
    expect(await pendingFor(eve)).toEqual({ keeps: 1, legacy: 0 });
    expect(await pendingFor(bob)).toEqual({ keeps: 0, legacy: 0 });
  });

  it('asks the legacy counter another context provides, for the same user', async () => {
    const asked: string[] = [];
    const legacies: PendingLegacyCounter = {
      countPendingFor: async (userId) => {
        asked.push(userId);
        return 3;
      },
    };
    expect(await pendingFor(ada, legacies)).toEqual({ keeps: 0, legacy: 3 });
    expect(asked).toEqual([ada.id]);
  });
});
