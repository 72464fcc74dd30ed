import { halLinks, type HalLinks, type ResponseSchema } from '@keepem/shared/http';
import { FEEDBACK_LANGUAGES, type FeedbackForm, type LocalizedText, QUESTION_KINDS, type QuestionKind } from '../../domain/feedback-form';
import type { GivenFeedbackAnswer } from '../../service_layer/feedback-answer';

export const FEEDBACK_FORMS_LOCATION = '/api/v1/feedback';
export const MY_FEEDBACK_LOCATION = '/api/v1/me/feedback';

const LINK: ResponseSchema = { type: 'object', properties: { href: { type: 'string' } }, required: ['href'] };

const LOCALIZED_TEXT: ResponseSchema = {
  type: 'object',
  description: 'the same text in each language',
  properties: Object.fromEntries(FEEDBACK_LANGUAGES.map((language) => [language, { type: 'string' }])),
  required: [...FEEDBACK_LANGUAGES],
};

const QUESTION: ResponseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'overall' },
    kind: { type: 'string', enum: [...QUESTION_KINDS], description: '`text`: any words; `rating`: "1" to "5"' },
    text: LOCALIZED_TEXT,
  },
  required: ['id', 'kind', 'text'],
};

const FORM: ResponseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'first-impressions' },
    title: LOCALIZED_TEXT,
    questions: { type: 'array', items: QUESTION },
  },
  required: ['id', 'title', 'questions'],
};

/** The forms, documented by Swagger and serialized by Fastify from this one schema. */
export const FEEDBACK_FORMS_RESOURCE_SCHEMA: ResponseSchema = {
  type: 'object',
  properties: {
    languages: { type: 'array', items: { type: 'string', enum: [...FEEDBACK_LANGUAGES] }, example: [...FEEDBACK_LANGUAGES] },
    _embedded: { type: 'object', properties: { forms: { type: 'array', items: FORM } }, required: ['forms'] },
    _links: { type: 'object', properties: { self: LINK, answers: LINK }, required: ['self', 'answers'] },
  },
  required: ['languages', '_embedded', '_links'],
};

interface FormItem {
  id: string;
  title: LocalizedText;
  questions: Array<{ id: string; kind: QuestionKind; text: LocalizedText }>;
}

export interface FeedbackFormsResource {
  languages: string[];
  _embedded: { forms: FormItem[] };
  _links: HalLinks;
}

export function feedbackFormsResource(forms: readonly FeedbackForm[]): FeedbackFormsResource {
  return {
    languages: [...FEEDBACK_LANGUAGES],
    _embedded: {
      forms: forms.map((form) => ({
        id: form.id,
        title: form.title,
        questions: form.questions.map((question) => ({ id: question.id, kind: question.kind, text: question.text })),
      })),
    },
    _links: halLinks(FEEDBACK_FORMS_LOCATION, { answers: MY_FEEDBACK_LOCATION }),
  };
}

const ANSWER_FIELDS: Record<string, ResponseSchema> = {
  form_id: { type: 'string', example: 'first-impressions' },
  question_id: { type: 'string', example: 'overall' },
  response: { type: 'string', example: '4' },
  answered_at: { type: 'string', format: 'date-time' },
};

/** The caller's answers: the latest to each question, all of them (the forms bound how many). */
export const MY_FEEDBACK_RESOURCE_SCHEMA: ResponseSchema = {
  type: 'object',
  properties: {
    _embedded: {
      type: 'object',
      properties: {
        answers: { type: 'array', items: { type: 'object', properties: ANSWER_FIELDS, required: Object.keys(ANSWER_FIELDS) } },
      },
      required: ['answers'],
    },
    _links: { type: 'object', properties: { self: LINK, forms: LINK }, required: ['self', 'forms'] },
  },
  required: ['_embedded', '_links'],
};

export interface MyFeedbackResource {
  _embedded: { answers: Array<{ form_id: string; question_id: string; response: string; answered_at: string }> };
  _links: HalLinks;
}

export function myFeedbackResource(answers: readonly GivenFeedbackAnswer[]): MyFeedbackResource {
  return {
    _embedded: {
      answers: answers.map((answer) => ({
        form_id: answer.formId,
        question_id: answer.questionId,
        response: answer.response,
        answered_at: answer.answeredAt.toISOString(),
      })),
    },
    _links: halLinks(MY_FEEDBACK_LOCATION, { forms: FEEDBACK_FORMS_LOCATION }),
  };
}
