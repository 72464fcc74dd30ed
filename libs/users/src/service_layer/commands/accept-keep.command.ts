import { Command, MessageProps } from '@keepem/shared/service_layer';

/** The requested user accepts a pending keep. */
export class AcceptKeep extends Command {
  declare readonly keepId: string;
  declare readonly userId: string;
  /** What the requested user calls the requester, for their own eyes. */
  declare readonly nameByRequested: string | null;

  constructor(props: MessageProps<AcceptKeep>) {
    super(props);
  }
}
