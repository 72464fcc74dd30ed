import { MessageProps, type Page, type PageRequest, Query } from '@keepem/shared/service_layer';
import type { ReleaseSeen } from '../release-record';
import type { ReleaseSortField, ReleasesFilter } from '../ports/releases.view.port';

/** A page of releases: an owner's own (`filter.ownerId` is theirs), or any for an administrator. */
export class ListReleases extends Query<Page<ReleaseSeen>> {
  declare readonly filter: ReleasesFilter;
  declare readonly page: PageRequest<ReleaseSortField>;
  declare readonly reader: { userId: string; isAdmin: boolean };

  constructor(props: MessageProps<ListReleases>) {
    super(props);
  }
}
