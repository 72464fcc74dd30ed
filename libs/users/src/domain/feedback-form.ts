import { type FieldError, InvalidInputError } from '@keepem/shared/domain';

/** Every text of a form is written in each of these. */
export const FEEDBACK_LANGUAGES = ['en', 'ca', 'es'] as const;
export type FeedbackLanguage = (typeof FEEDBACK_LANGUAGES)[number];
export type LocalizedText = Readonly<Record<FeedbackLanguage, string>>;

/** `text` takes any words; `rating` a whole number from 1 to 5, sent as text ("4"). */
export const QUESTION_KINDS = ['text', 'rating'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const FEEDBACK_RESPONSE_MAX_LENGTH = 2000;
const RATING = /^[1-5]$/;

export interface FeedbackQuestion {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: LocalizedText;
}

export interface FeedbackForm {
  readonly id: string;
  readonly title: LocalizedText;
  readonly questions: readonly FeedbackQuestion[];
}

/** An answer as the user gave it. */
export interface FeedbackAnswerInput {
  formId: string;
  questionId: string;
  response: string;
}

/** An answer to a question that exists, with a response its question accepts, trimmed. */
export interface FeedbackAnswer {
  readonly formId: string;
  readonly questionId: string;
  readonly response: string;
}

/** The forms users are asked to fill in (from configuration), and what makes an answer to them acceptable. */
export class FeedbackForms {
  private readonly byId: ReadonlyMap<string, FeedbackForm>;

  constructor(readonly all: readonly FeedbackForm[]) {
    this.byId = new Map(all.map((form) => [form.id, form]));
  }

  /**
   * The answers, checked against the forms; refused whole, naming every broken element by its
   * index (`2.questionId`), when one names no form, no question of its form, or gives a response
   * its question does not take.
   */
  answersFrom(inputs: readonly FeedbackAnswerInput[]): FeedbackAnswer[] {
    const problems: FieldError[] = [];
    const answers = inputs.map((input, index) => {
      const form = this.byId.get(input.formId);
      const question = form?.questions.find((candidate) => candidate.id === input.questionId);
      const response = input.response.trim();
      if (!form) {
        problems.push({ field: `${index}.formId`, message: `there is no feedback form "${input.formId}"` });
      } else if (!question) {
        problems.push({ field: `${index}.questionId`, message: `the form "${form.id}" has no question "${input.questionId}"` });
      } else {
        const problem = responseProblem(question, response);
        if (problem) {
          problems.push({ field: `${index}.response`, message: problem });
        }
      }
      return { formId: input.formId, questionId: input.questionId, response };
    });
    if (problems.length > 0) {
      throw new InvalidInputError('The feedback does not fit the forms', problems);
    }
    return answers;
  }
}

function responseProblem(question: FeedbackQuestion, response: string): string | undefined {
  if (question.kind === 'rating') {
    return RATING.test(response) ? undefined : `the question "${question.id}" takes a rating from 1 to 5`;
  }
  const length = [...response].length;
  return length >= 1 && length <= FEEDBACK_RESPONSE_MAX_LENGTH
    ? undefined
    : `the response must be 1 to ${FEEDBACK_RESPONSE_MAX_LENGTH} characters once trimmed`;
}
