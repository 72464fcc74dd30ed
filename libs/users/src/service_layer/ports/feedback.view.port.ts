import type { GivenFeedbackAnswer } from '../feedback-answer';

export const FEEDBACK_VIEW = Symbol('FEEDBACK_VIEW');

/** The query side of feedback: a user's answers as stored. */
export interface FeedbackView {
  /** The user's latest answer to each question, by form and question; none before the first. */
  answersOf(userId: string): Promise<GivenFeedbackAnswer[]>;
}
