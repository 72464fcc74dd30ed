/** The FeedbackForms (domain/feedback-form.ts) read from configuration at start-up. */
export const FEEDBACK_FORMS = Symbol('FEEDBACK_FORMS');
