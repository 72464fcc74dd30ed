/** An answer as the user who gave it reads it back. */
export interface GivenFeedbackAnswer {
  formId: string;
  questionId: string;
  response: string;
  answeredAt: Date;
}
