import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, RuleViolationError } from '@keepem/shared/domain';
import { Feedback, FeedbackId } from './feedback.aggregate';
import { type FeedbackAnswerInput, FeedbackForms } from './feedback-form';
import { FeedbackGiven } from './feedback.events';
import type { UserId } from './user.aggregate';

const text = (words: string) => ({ en: words, ca: words, es: words });
const forms = new FeedbackForms([
  {
    id: 'first-impressions',
    title: text('First impressions'),
    questions: [
      { id: 'overall', kind: 'rating', text: text('How would you rate it?') },
      { id: 'missing', kind: 'text', text: text('What is missing?') },
    ],
  },
  { id: 'legacy-experience', title: text('Leaving a legacy'), questions: [{ id: 'ease', kind: 'rating', text: text('How easy?') }] },
]);

const at = new Date('2030-01-01T00:00:00Z');
const later = new Date('2030-01-02T00:00:00Z');

function refusalOf(inputs: FeedbackAnswerInput[]): Array<{ field: string; message: string }> {
  try {
    forms.answersFrom(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).fieldErrors;
  }
  throw new Error('the answers were taken');
}

describe('FeedbackForms', () => {
  it('takes answers to questions of its forms, trimmed', () => {
    expect(
      forms.answersFrom([
        { formId: 'first-impressions', questionId: 'overall', response: ' 4 ' },
        { formId: 'first-impressions', questionId: 'missing', response: '  Voice notes  ' },
      ]),
    ).toEqual([
      { formId: 'first-impressions', questionId: 'overall', response: '4' },
      { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' },
    ]);
  });

  it('names every answer that fits no form by its index: unknown form, a question of another form, a bad response', () => {
    expect(
      refusalOf([
        { formId: 'first-impressions', questionId: 'overall', response: '5' },
        { formId: 'second-thoughts', questionId: 'overall', response: '5' },
        { formId: 'first-impressions', questionId: 'ease', response: '5' },
        { formId: 'first-impressions', questionId: 'overall', response: '6' },
        { formId: 'first-impressions', questionId: 'missing', response: '   ' },
        { formId: 'first-impressions', questionId: 'missing', response: 'x'.repeat(2001) },
      ]),
    ).toEqual([
      { field: '1.formId', message: 'there is no feedback form "second-thoughts"' },
      { field: '2.questionId', message: 'the form "first-impressions" has no question "ease"' },
      { field: '3.response', message: 'the question "overall" takes a rating from 1 to 5' },
      { field: '4.response', message: 'the response must be 1 to 2000 characters once trimmed' },
      { field: '5.response', message: 'the response must be 1 to 2000 characters once trimmed' },
    ]);
  });

  it('takes a response of 2000 characters, counted as people count them', () => {
    const [answer] = forms.answersFrom([{ formId: 'first-impressions', questionId: 'missing', response: '🌱'.repeat(2000) }]);
    expect(answer.response).toHaveLength(4000);
  });
});

describe('Feedback', () => {
  const start = () => Feedback.start(crypto.randomUUID() as FeedbackId, crypto.randomUUID() as UserId, at);

  it('keeps the answers given and records FeedbackGiven with them', () => {
    const feedback = start();

    feedback.give([{ formId: 'first-impressions', questionId: 'overall', response: '4' }], at);

    expect(feedback.answers).toEqual([{ formId: 'first-impressions', questionId: 'overall', response: '4', answeredAt: at }]);
    expect(feedback.pendingEvents.map((event) => event.constructor)).toEqual([FeedbackGiven]);
    expect(feedback.pendingEvents[0].payload).toEqual({
      feedbackId: feedback.id,
      userId: feedback.userId,
      answers: [{ formId: 'first-impressions', questionId: 'overall', response: '4' }],
    });
  });

  it('replaces an earlier answer to the same question, keeps the others, and records only what changed', () => {
    const feedback = start();
    feedback.give(
      [
        { formId: 'first-impressions', questionId: 'overall', response: '4' },
        { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' },
      ],
      at,
    );
    feedback.markCommitted();

    feedback.give(
      [
        { formId: 'first-impressions', questionId: 'overall', response: '5' },
        { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' },
      ],
      later,
    );

    expect(feedback.answers).toEqual([
      { formId: 'first-impressions', questionId: 'overall', response: '5', answeredAt: later },
      { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes', answeredAt: at },
    ]);
    expect(feedback.pendingEvents.map((event) => event.payload)).toEqual([
      expect.objectContaining({ answers: [{ formId: 'first-impressions', questionId: 'overall', response: '5' }] }),
    ]);
  });

  it('records nothing when every answer is the one already given', () => {
    const feedback = start();
    feedback.give([{ formId: 'first-impressions', questionId: 'overall', response: '4' }], at);
    feedback.markCommitted();

    feedback.give([{ formId: 'first-impressions', questionId: 'overall', response: '4' }], later);

    expect(feedback.pendingEvents).toEqual([]);
    expect(feedback.answers[0].answeredAt).toBe(at);
  });

  it('never changes once final', () => {
    const feedback = Feedback.restore(
      crypto.randomUUID() as FeedbackId,
      { createdAt: at, modifiedAt: at, version: 1, state: 'removed' },
      { userId: crypto.randomUUID() as UserId, answers: [] },
    );
    expect(() => feedback.give([{ formId: 'first-impressions', questionId: 'overall', response: '4' }], at)).toThrow(RuleViolationError);
  });
});
