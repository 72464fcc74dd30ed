import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { ReleaseType } from '../../domain/asset-release.aggregate';

/**
 * Schedule a release of some of the owner's assets, of any type: each type reads the fields it has
 * (to_future_self: scheduledDate; in_a_bottle: receivers, minDate, maxDate; hide_and_seek:
 * receivers, location; time_capsule: receivers, location, scheduledDate; transfer: receivers,
 * scheduledDate or none, bequest) and ignores the others (left out: none). Answers the release's id.
 */
export class ScheduleRelease extends Command<string> {
  declare readonly releaseId: string;
  declare readonly ownerId: string;
  declare readonly releaseType: ReleaseType;
  declare readonly name: string;
  declare readonly description: string | null;
  declare readonly assets: string[];
  declare readonly receivers?: string[];
  declare readonly scheduledDate?: Date | null;
  declare readonly minDate?: Date | null;
  declare readonly maxDate?: Date | null;
  declare readonly location?: string | null;
  /** How a transfer hands the assets on; a gift unless said otherwise. */
  declare readonly bequest?: 'gift' | 'co_ownership' | null;

  constructor(props: MessageProps<ScheduleRelease>) {
    super(props);
  }
}
