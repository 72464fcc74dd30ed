import { DomainEvent } from '@keepem/shared/domain';
import type { FeedbackAnswer } from './feedback-form';

/** A user answered some feedback questions (for the first time, or anew). Stays inside the users context. */
export interface FeedbackGivenPayload {
  feedbackId: string;
  userId: string;
  answers: readonly FeedbackAnswer[];
}

export class FeedbackGiven extends DomainEvent<FeedbackGivenPayload> {
  constructor(payload: FeedbackGivenPayload, at: Date) {
    super(payload.feedbackId, at, payload);
  }
}
