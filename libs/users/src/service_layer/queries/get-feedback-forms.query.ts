import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { FeedbackForm } from '../../domain/feedback-form';

/** The feedback forms users are asked to fill in, in every language. */
export class GetFeedbackForms extends Query<readonly FeedbackForm[]> {
  constructor(props: MessageProps<GetFeedbackForms>) {
    super(props);
  }
}
