import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { AssetsOfTheWeek } from '../asset-views';

/** Two of an owner's active assets, picked at random once a week (the week of `metadata.at`). */
export class GetAssetsOfTheWeek extends Query<AssetsOfTheWeek> {
  declare readonly ownerId: string;

  constructor(props: MessageProps<GetAssetsOfTheWeek>) {
    super(props);
  }
}
