import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { KeepDetails } from '../keep-details';
import type { KeepReader } from './keep-reader';

/** One keep, for either of its parties or an administrator. */
export class GetKeep extends Query<KeepDetails> {
  declare readonly keepId: string;
  declare readonly reader: KeepReader;

  constructor(props: MessageProps<GetKeep>) {
    super(props);
  }
}
