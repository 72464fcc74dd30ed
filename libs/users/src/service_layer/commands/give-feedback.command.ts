import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { FeedbackAnswerInput } from '../../domain/feedback-form';

/** Answers to feedback questions; an answer to a question the user answered before replaces it. */
export class GiveFeedback extends Command {
  declare readonly userId: string;
  /** The id the user's feedback takes if this is their first answer. */
  declare readonly feedbackId: string;
  declare readonly answers: readonly FeedbackAnswerInput[];

  constructor(props: MessageProps<GiveFeedback>) {
    super(props);
  }
}
