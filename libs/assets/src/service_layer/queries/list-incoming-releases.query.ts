import { MessageProps, type Page, type PageRequest, Query } from '@keepem/shared/service_layer';
import type { ReleaseSeen } from '../release-record';

/** The live releases a user receives whose time has passed (or that have none): what they may trigger now or soon. */
export class ListIncomingReleases extends Query<Page<ReleaseSeen>> {
  declare readonly receiverId: string;
  declare readonly page: Pick<PageRequest<string>, 'number' | 'size'>;

  constructor(props: MessageProps<ListIncomingReleases>) {
    super(props);
  }
}
