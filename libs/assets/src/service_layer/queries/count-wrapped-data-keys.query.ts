import { MessageProps, Query } from '@keepem/shared/service_layer';

/** How many data keys one configured key-encryption key (KEK) wraps. */
export interface WrappedDataKeyCount {
  keyId: string;
  current: boolean;
  dataKeys: number;
}

/** How many data keys each configured KEK wraps: whether a retired KEK may be dropped yet. */
export class CountWrappedDataKeys extends Query<WrappedDataKeyCount[]> {
  constructor(props: MessageProps<CountWrappedDataKeys>) {
    super(props);
  }
}
