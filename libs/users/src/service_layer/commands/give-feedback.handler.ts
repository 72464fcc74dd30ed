import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { Feedback, FeedbackId } from '../../domain/feedback.aggregate';
import type { FeedbackForms } from '../../domain/feedback-form';
import type { UserId } from '../../domain/user.aggregate';
import { FEEDBACK_FORMS } from '../ports/feedback-forms.port';
import { FEEDBACK_REPOSITORY } from '../ports/feedback.repository.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { GiveFeedback } from './give-feedback.command';

@CommandHandler(GiveFeedback)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedback> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(FEEDBACK_FORMS) private readonly forms: FeedbackForms,
  ) {}

  /** A removed account is gone, even to an access token issued before its removal. */
  async execute(command: GiveFeedback): Promise<void> {
    const answers = this.forms.answersFrom(command.answers);
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const user = await tx.repository(USER_REPOSITORY).findById(command.userId);
      if (!user || user.state === 'removed') {
        throw new NotFoundError('User');
      }
      const repository = tx.repository(FEEDBACK_REPOSITORY);
      const feedback =
        (await repository.findByUserId(command.userId)) ??
        Feedback.start(command.feedbackId as FeedbackId, command.userId as UserId, command.metadata.at);
      feedback.give(answers, command.metadata.at);
      repository.save(feedback);
    });
  }
}
