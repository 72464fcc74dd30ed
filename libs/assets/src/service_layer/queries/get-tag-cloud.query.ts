import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { TagCount } from '../asset-views';

/** The tags an owner uses most on their active assets, with how many carry each. */
export class GetTagCloud extends Query<TagCount[]> {
  declare readonly ownerId: string;

  constructor(props: MessageProps<GetTagCloud>) {
    super(props);
  }
}
