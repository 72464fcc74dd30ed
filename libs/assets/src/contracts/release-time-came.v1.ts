import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** A release's time has passed: its receivers are told, once, that a legacy waits for them. Published once per release. */
export type ReleaseTimeCameV1 = {
  release_id: string;
  owner_id: string;
  receivers_id: string[];
  name: string;
  came_at: string;
};

export const RELEASE_TIME_CAME_V1 = eventContract<ReleaseTimeCameV1>(ASSETS_SOURCE, 'release-time-came', 1);
