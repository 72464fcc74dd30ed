import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { GivenFeedbackAnswer } from '../service_layer/feedback-answer';
import type { FeedbackView } from '../service_layer/ports/feedback.view.port';
import { FEEDBACK_COLLECTION, type FeedbackDocument } from './document-feedback.repository';
import { byText } from './text-order';

/** Reads a user's answers straight from the feedback collection the repository writes (one document per user). */
@Injectable()
export class DocumentFeedbackView implements FeedbackView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async answersOf(userId: string): Promise<GivenFeedbackAnswer[]> {
    const { items } = await this.documents.findPage(FEEDBACK_COLLECTION.name, { where: { user_id: userId } }, ['answers'], {
      number: 0,
      size: 1,
      sort: { field: 'created_at', direction: 'asc' },
    });
    const answers = (items[0] as Pick<FeedbackDocument, 'answers'> | undefined)?.answers ?? [];
    return answers
      .map((answer) => ({
        formId: answer.form_id,
        questionId: answer.question_id,
        response: answer.response,
        answeredAt: answer.answered_at,
      }))
      .sort((one, other) => byText(one.formId, other.formId) || byText(one.questionId, other.questionId));
  }
}
