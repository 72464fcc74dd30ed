import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { ReleaseSeen } from '../release-record';

/** One release, for its owner or one of its receivers, as they may see it. */
export class GetRelease extends Query<ReleaseSeen> {
  declare readonly releaseId: string;
  declare readonly readerId: string;

  constructor(props: MessageProps<GetRelease>) {
    super(props);
  }
}
