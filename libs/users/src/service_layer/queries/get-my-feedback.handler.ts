import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { GivenFeedbackAnswer } from '../feedback-answer';
import { FEEDBACK_VIEW, type FeedbackView } from '../ports/feedback.view.port';
import { GetMyFeedback } from './get-my-feedback.query';

@QueryHandler(GetMyFeedback)
export class GetMyFeedbackHandler implements IQueryHandler<GetMyFeedback> {
  constructor(@Inject(FEEDBACK_VIEW) private readonly feedback: FeedbackView) {}

  execute(query: GetMyFeedback): Promise<GivenFeedbackAnswer[]> {
    return this.feedback.answersOf(query.userId);
  }
}
