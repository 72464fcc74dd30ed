import { MessageProps, type Page, type PageRequest, Query } from '@keepem/shared/service_layer';
import type { KeepDetails } from '../keep-details';
import type { KeepSortField, KeepsFilter } from '../ports/keeps.view.port';
import type { KeepReader } from './keep-reader';

/** A page of keeps: a user's own (`filter.partyId` is theirs), or any for an administrator. */
export class ListKeeps extends Query<Page<KeepDetails>> {
  declare readonly filter: KeepsFilter;
  declare readonly page: PageRequest<KeepSortField>;
  declare readonly reader: KeepReader;

  constructor(props: MessageProps<ListKeeps>) {
    super(props);
  }
}
