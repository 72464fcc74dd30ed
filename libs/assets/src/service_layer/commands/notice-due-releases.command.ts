import { Command, MessageProps } from '@keepem/shared/service_layer';

/**
 * Note on each live release whose time has passed, once, that its time has come (ReleaseTimeCame),
 * so that its receivers are told. Answers how many releases this run noticed.
 */
export class NoticeDueReleases extends Command<number> {
  constructor(props: MessageProps<NoticeDueReleases>) {
    super(props);
  }
}
