import { Command, MessageProps } from '@keepem/shared/service_layer';

/**
 * Re-wrap every data key still wrapped with a retired key-encryption key (KEK) with the current
 * one, after a KEK rotation. Files are not touched.
 */
export class RewrapDataKeys extends Command {
  constructor(props: MessageProps<RewrapDataKeys>) {
    super(props);
  }
}
