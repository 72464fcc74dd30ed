import { AggregateMetadata, AggregateRoot, Id } from '@keepem/shared/domain';
import type { FeedbackAnswer } from './feedback-form';
import { FeedbackGiven } from './feedback.events';
import type { UserId } from './user.aggregate';

export type FeedbackId = Id<'Feedback'>;

export interface GivenAnswer extends FeedbackAnswer {
  readonly answeredAt: Date;
}

export interface FeedbackProps {
  userId: UserId;
  answers: readonly GivenAnswer[];
}

/**
 * One user's answers to the feedback forms: the latest answer to each question, so what a user
 * can store is bounded by the forms, however often they answer.
 */
export class Feedback extends AggregateRoot<FeedbackId> {
  private constructor(
    id: FeedbackId,
    metadata: AggregateMetadata,
    private props: FeedbackProps,
  ) {
    super(id, metadata);
  }

  /** A user's feedback before their first answer; stored with it. */
  static start(id: FeedbackId, userId: UserId, at: Date): Feedback {
    return new Feedback(id, { createdAt: at, modifiedAt: at, version: 0, state: 'active' }, { userId, answers: [] });
  }

  static restore(id: FeedbackId, metadata: AggregateMetadata, props: FeedbackProps): Feedback {
    return new Feedback(id, metadata, props);
  }

  get userId(): UserId {
    return this.props.userId;
  }
  get answers(): readonly GivenAnswer[] {
    return this.props.answers;
  }

  /**
   * Keeps each answer, replacing an earlier answer to the same question (a later one in the same
   * list too), and records FeedbackGiven with those that changed anything.
   */
  give(answers: readonly FeedbackAnswer[], at: Date): void {
    this.touch(at);
    const kept = new Map(this.props.answers.map((answer) => [keyOf(answer), answer]));
    const changed = new Map<string, FeedbackAnswer>();
    for (const { formId, questionId, response } of answers) {
      const key = keyOf({ formId, questionId });
      if (kept.get(key)?.response === response) {
        continue;
      }
      kept.set(key, { formId, questionId, response, answeredAt: at });
      changed.set(key, { formId, questionId, response });
    }
    this.props = { ...this.props, answers: [...kept.values()] };
    if (changed.size > 0) {
      this.record(new FeedbackGiven({ feedbackId: this.id, userId: this.props.userId, answers: [...changed.values()] }, at));
    }
  }
}

function keyOf(answer: Pick<FeedbackAnswer, 'formId' | 'questionId'>): string {
  return JSON.stringify([answer.formId, answer.questionId]);
}
