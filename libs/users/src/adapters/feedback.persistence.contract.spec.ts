import { describe, expect } from '@jest/globals';
import { UniqueConstraintError } from '@keepem/shared/persistence';
import { type DocumentReader, type Transaction } from '@keepem/shared/service_layer';
import { barrier } from '../../../../test/support/barrier';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { Feedback, FeedbackId } from '../domain/feedback.aggregate';
import type { FeedbackAnswer } from '../domain/feedback-form';
import type { UserId } from '../domain/user.aggregate';
import { FEEDBACK_REPOSITORY } from '../service_layer/ports/feedback.repository.port';
import { DocumentFeedbackRepository } from './document-feedback.repository';
import { DocumentFeedbackView } from './document-feedback.view';
import { UsersPersistenceRegistration } from './users-persistence.registration';

const SUITE = 'Feedback repository and view contract';

/** The reader, noting the name of every field it hands out, so a test sees what left the database. */
function recording(reader: DocumentReader): { reader: DocumentReader; handedOut: () => string[] } {
  const names = new Set<string>();
  const note = <Found extends object | null>(found: Found): Found => {
    Object.keys(found ?? {}).forEach((name) => names.add(name));
    return found;
  };
  return {
    handedOut: () => [...names].sort(),
    reader: {
      findById: async (collection, id, fields) => note(await reader.findById(collection, id, fields)),
      findPage: async (collection, query, fields, page) => {
        const found = await reader.findPage(collection, query, fields, page);
        found.items.forEach(note);
        return found;
      },
      count: (collection, query) => reader.count(collection, query),
    },
  };
}

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, withWriteConflicts, persistence, tick, run } = contractOn(
    driver,
    (registry) => new UsersPersistenceRegistration(registry),
  );
  const feedback = (tx: Transaction) => tx.repository(FEEDBACK_REPOSITORY);
  /** The port finds by user only; the adapter's findById (every repository has one) shows what a stored id holds. */
  const byId = (id: string) => run((tx) => (feedback(tx) as DocumentFeedbackRepository).findById(id));
  const someone = () => crypto.randomUUID() as UserId;
  const answer = (formId: string, questionId: string, response: string): FeedbackAnswer => ({ formId, questionId, response });

  /** What GiveFeedback does: the user's feedback, started with the first answer, given the answers and saved. */
  const give = (userId: UserId, answers: FeedbackAnswer[], at = tick(), afterReading?: () => Promise<void>) =>
    run(async (tx) => {
      const found = (await feedback(tx).findByUserId(userId)) ?? Feedback.start(crypto.randomUUID() as FeedbackId, userId, at);
      await afterReading?.();
      found.give(answers, at);
      feedback(tx).save(found);
      return found;
    });

  contract('stores a user’s feedback and restores every answer, found by id and by user, through a later change', async () => {
    const ada = someone();
    const firstAt = tick();
    const started = await give(ada, [answer('welcome', 'rating', '4'), answer('welcome', 'comment', 'Nice')], firstAt);
    const laterAt = tick();
    await give(ada, [answer('welcome', 'rating', '5'), answer('welcome', 'comment', 'Nice'), answer('exit', 'why', 'Moving')], laterAt);

    const byUser = await run((tx) => feedback(tx).findByUserId(ada));
    expect(byUser).toMatchObject({ id: started.id, userId: ada, state: 'active', version: 2, createdAt: firstAt, modifiedAt: laterAt });
    expect(byUser!.answers).toEqual([
      { formId: 'welcome', questionId: 'rating', response: '5', answeredAt: laterAt },
      { formId: 'welcome', questionId: 'comment', response: 'Nice', answeredAt: firstAt },
      { formId: 'exit', questionId: 'why', response: 'Moving', answeredAt: laterAt },
    ]);
    expect(await byId(started.id)).toEqual(byUser);
    expect(await run((tx) => feedback(tx).findByUserId(someone()))).toBeNull();
  });

  contract('holds one feedback per user: a second one for the same user is refused by the unique index', async () => {
    const [ada, bob] = [someone(), someone()];
    const first = await give(ada, [answer('welcome', 'rating', '4')]);

    // A unit of work that did not look first, as one racing the first commit would not have seen it.
    const second = Feedback.start(crypto.randomUUID() as FeedbackId, ada, tick());
    second.give([answer('welcome', 'rating', '1')], tick());
    const refused = run(async (tx) => feedback(tx).save(second));
    await expect(refused).rejects.toBeInstanceOf(UniqueConstraintError);
    await expect(refused).rejects.toMatchObject({ collection: 'feedback', index: 'unique_user_id' });
    await give(bob, [answer('welcome', 'rating', '2')]);

    expect(await byId(second.id)).toBeNull();
    expect(await run((tx) => feedback(tx).findByUserId(ada))).toMatchObject({
      id: first.id,
      answers: [expect.objectContaining({ response: '4' })],
    });
    expect((await run((tx) => feedback(tx).findByUserId(bob)))?.answers).toHaveLength(1);
  });

  withWriteConflicts(
    'adds the answers of two first answers at once to one feedback: the loser runs again and finds the winner’s',
    async () => {
      const ada = someone();
      const bothRead = barrier(2);

      await Promise.all([
        give(ada, [answer('welcome', 'rating', '3')], tick(), bothRead),
        give(ada, [answer('exit', 'why', 'Bored')], tick(), bothRead),
      ]);

      const stored = await run((tx) => feedback(tx).findByUserId(ada));
      expect(stored!.answers.map((given) => given.formId).sort()).toEqual(['exit', 'welcome']);
      expect(stored!.version).toBe(2);
    },
  );

  contract('reads back a user’s answers by form and question, and none of anyone else’s; no user_id leaves the database', async () => {
    const [ada, bob] = [someone(), someone()];
    const firstAt = tick();
    await give(ada, [answer('welcome', 'rating', '4'), answer('exit', 'why', 'Moving'), answer('welcome', 'comment', 'Nice')], firstAt);
    const laterAt = tick();
    await give(ada, [answer('exit', 'again', 'No')], laterAt);
    await give(bob, [answer('welcome', 'rating', '1')]);
    const { reader, handedOut } = recording(persistence().reader);
    const view = new DocumentFeedbackView(reader);

    expect(await view.answersOf(ada)).toEqual([
      { formId: 'exit', questionId: 'again', response: 'No', answeredAt: laterAt },
      { formId: 'exit', questionId: 'why', response: 'Moving', answeredAt: firstAt },
      { formId: 'welcome', questionId: 'comment', response: 'Nice', answeredAt: firstAt },
      { formId: 'welcome', questionId: 'rating', response: '4', answeredAt: firstAt },
    ]);
    expect(await view.answersOf(bob)).toEqual([{ formId: 'welcome', questionId: 'rating', response: '1', answeredAt: expect.any(Date) }]);
    expect(await view.answersOf(someone())).toEqual([]);
    expect(handedOut()).toEqual(['_id', 'answers']);
  });
});
