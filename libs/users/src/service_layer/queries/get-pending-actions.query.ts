import { MessageProps, Query } from '@keepem/shared/service_layer';

/** What waits for the user's answer, as counts for a badge. */
export interface PendingActions {
  /** Pending keeps the user was asked for and has not answered. */
  keeps: number;
  /** Legacies (asset releases) waiting for the user, counted by the assets context. */
  legacy: number;
}

export class GetPendingActions extends Query<PendingActions> {
  declare readonly userId: string;

  constructor(props: MessageProps<GetPendingActions>) {
    super(props);
  }
}
