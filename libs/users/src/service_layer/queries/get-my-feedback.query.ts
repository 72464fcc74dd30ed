import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { GivenFeedbackAnswer } from '../feedback-answer';

/** The answers a user gave to the feedback forms: their own only. */
export class GetMyFeedback extends Query<GivenFeedbackAnswer[]> {
  declare readonly userId: string;

  constructor(props: MessageProps<GetMyFeedback>) {
    super(props);
  }
}
