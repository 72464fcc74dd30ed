import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import { Feedback, FeedbackId } from '../domain/feedback.aggregate';
import type { UserId } from '../domain/user.aggregate';
import { FeedbackRepository } from '../service_layer/ports/feedback.repository.port';

export type FeedbackAnswerDocument = { form_id: string; question_id: string; response: string; answered_at: Date };

export type FeedbackDocument = StoredAggregateMetadata & {
  user_id: string;
  answers: FeedbackAnswerDocument[];
};

export const FEEDBACK_COLLECTION: CollectionSpec = {
  name: 'feedback',
  // One per user. Two first answers at once both try to create it: the loser is run again and
  // adds its answers to the winner's.
  uniqueIndexes: [{ fields: ['user_id'] }],
};

export class DocumentFeedbackRepository extends DocumentRepository<Feedback, FeedbackDocument> implements FeedbackRepository {
  protected readonly collection = FEEDBACK_COLLECTION.name;

  findByUserId(userId: string): Promise<Feedback | null> {
    return this.findOneWhere({ user_id: userId });
  }

  protected toDocument(feedback: Feedback): FeedbackDocument {
    return {
      user_id: feedback.userId,
      answers: feedback.answers.map((answer) => ({
        form_id: answer.formId,
        question_id: answer.questionId,
        response: answer.response,
        answered_at: answer.answeredAt,
      })),
      ...this.storedMetadata(feedback),
    };
  }

  protected fromDocument(document: FeedbackDocument & StoredDocument): Feedback {
    return Feedback.restore(document._id as FeedbackId, this.restoredMetadata(document), {
      userId: document.user_id as UserId,
      answers: document.answers.map((answer) => ({
        formId: answer.form_id,
        questionId: answer.question_id,
        response: answer.response,
        answeredAt: answer.answered_at,
      })),
    });
  }
}
