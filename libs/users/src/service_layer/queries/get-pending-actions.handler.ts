import { Inject, Optional } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PENDING_LEGACY_COUNTER, type PendingLegacyCounter } from '../../contracts/pending-legacy-counter';
import { KEEPS_VIEW, type KeepsView } from '../ports/keeps.view.port';
import { GetPendingActions, PendingActions } from './get-pending-actions.query';

/** Until a context provides PENDING_LEGACY_COUNTER, nothing waits as a legacy. */
const NO_PENDING_LEGACIES: PendingLegacyCounter = { countPendingFor: async () => 0 };

@QueryHandler(GetPendingActions)
export class GetPendingActionsHandler implements IQueryHandler<GetPendingActions> {
  private readonly legacies: PendingLegacyCounter;

  constructor(
    @Inject(KEEPS_VIEW) private readonly keeps: KeepsView,
    @Optional() @Inject(PENDING_LEGACY_COUNTER) legacies?: PendingLegacyCounter,
  ) {
    this.legacies = legacies ?? NO_PENDING_LEGACIES;
  }

  async execute({ userId }: GetPendingActions): Promise<PendingActions> {
    const [keeps, legacy] = await Promise.all([this.keeps.countPendingFor(userId), this.legacies.countPendingFor(userId)]);
    return { keeps, legacy };
  }
}
