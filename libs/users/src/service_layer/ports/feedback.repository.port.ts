import { RepositoryToken } from '@keepem/shared/service_layer';
import type { Feedback } from '../../domain/feedback.aggregate';

export interface FeedbackRepository {
  findByUserId(userId: string): Promise<Feedback | null>;
  save(feedback: Feedback): void;
}

export const FEEDBACK_REPOSITORY = new RepositoryToken<FeedbackRepository>('feedback');
