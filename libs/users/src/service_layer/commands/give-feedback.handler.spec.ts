import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, NotFoundError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause, pausingAfter } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { DocumentFeedbackRepository, FEEDBACK_COLLECTION } from '../../adapters/document-feedback.repository';
import { DocumentFeedbackView } from '../../adapters/document-feedback.view';
import { type FeedbackAnswerInput, FeedbackForms } from '../../domain/feedback-form';
import { FEEDBACK_REPOSITORY } from '../ports/feedback.repository.port';
import { GiveFeedback } from './give-feedback.command';
import { GiveFeedbackHandler } from './give-feedback.handler';

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
]);

describe('GiveFeedback', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = new Pause();
    fixture.registry.register(FEEDBACK_REPOSITORY, FEEDBACK_COLLECTION, (tx) =>
      pausingAfter(new DocumentFeedbackRepository(tx), 'findByUserId', pause),
    );
  });
  afterEach(() => fixture.close());

  const give = (userId: string, answers: FeedbackAnswerInput[]) =>
    new GiveFeedbackHandler(fixture.unitOfWork, forms).execute(
      new GiveFeedback({ userId, feedbackId: crypto.randomUUID(), answers, metadata: fixture.metadata() }),
    );
  const answersOf = (userId: string) => new DocumentFeedbackView(fixture.reader).answersOf(userId);
  const storedFeedbackOf = (userId: string) => fixture.load((tx) => tx.repository(FEEDBACK_REPOSITORY).findByUserId(userId));

  it('stores the answers per user, trimmed, with when they were given; nothing goes to the outbox', async () => {
    const user = await fixture.activeUser();

    await give(user.id, [
      { formId: 'first-impressions', questionId: 'overall', response: ' 4' },
      { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes ' },
    ]);

    const at = fixture.clock.now();
    expect(await answersOf(user.id)).toEqual([
      { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes', answeredAt: at },
      { formId: 'first-impressions', questionId: 'overall', response: '4', answeredAt: at },
    ]);
    const feedback = await storedFeedbackOf(user.id);
    expect(feedback?.userId).toBe(user.id);
    expect(await fixture.outboxOf(feedback!.id)).toEqual([]);
  });

  it('replaces an earlier answer to the same question, keeping the user’s other answers and other users’ answers', async () => {
    const ada = await fixture.activeUser();
    const bob = await fixture.activeUser();
    await give(ada.id, [
      { formId: 'first-impressions', questionId: 'overall', response: '3' },
      { formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' },
    ]);
    await give(bob.id, [{ formId: 'first-impressions', questionId: 'overall', response: '1' }]);
    fixture.clock.advance(60_000);

    await give(ada.id, [{ formId: 'first-impressions', questionId: 'overall', response: '5' }]);

    expect((await answersOf(ada.id)).map(({ questionId, response }) => [questionId, response])).toEqual([
      ['missing', 'Voice notes'],
      ['overall', '5'],
    ]);
    expect((await answersOf(bob.id)).map(({ response }) => response)).toEqual(['1']);
  });

  it('refuses answers that fit no form, naming each by its index, and stores none of the request', async () => {
    const user = await fixture.activeUser();

    const refused = give(user.id, [
      { formId: 'first-impressions', questionId: 'overall', response: '4' },
      { formId: 'second-thoughts', questionId: 'overall', response: '4' },
      { formId: 'first-impressions', questionId: 'colour', response: 'blue' },
    ]);

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: '1.formId' }, { field: '2.questionId' }] });
    expect(await storedFeedbackOf(user.id)).toBeNull();
  });

  it('a user’s first two answers at once, both before either is stored: one feedback holds both', async () => {
    const user = await fixture.activeUser();
    pause.wait = barrier(2);

    await Promise.all([
      give(user.id, [{ formId: 'first-impressions', questionId: 'overall', response: '4' }]),
      give(user.id, [{ formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' }]),
    ]);

    expect((await answersOf(user.id)).map(({ questionId }) => questionId)).toEqual(['missing', 'overall']);
  });

  it('two answers at once to one user’s existing feedback: both are kept', async () => {
    const user = await fixture.activeUser();
    await give(user.id, [{ formId: 'first-impressions', questionId: 'overall', response: '4' }]);
    pause.wait = barrier(2);

    await Promise.all([
      give(user.id, [{ formId: 'first-impressions', questionId: 'overall', response: '5' }]),
      give(user.id, [{ formId: 'first-impressions', questionId: 'missing', response: 'Voice notes' }]),
    ]);

    expect((await answersOf(user.id)).map(({ questionId, response }) => [questionId, response])).toEqual([
      ['missing', 'Voice notes'],
      ['overall', '5'],
    ]);
  });

  it('answers 404 to a removed user still holding an access token, or an unknown one, and stores nothing', async () => {
    const removed = await fixture.activeUser();
    await fixture.alter(removed, { state: 'removed' });

    for (const userId of [removed.id, crypto.randomUUID()]) {
      await expect(give(userId, [{ formId: 'first-impressions', questionId: 'overall', response: '4' }])).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await storedFeedbackOf(userId)).toBeNull();
    }
  });
});
