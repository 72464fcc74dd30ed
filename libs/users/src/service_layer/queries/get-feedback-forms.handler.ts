import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { FeedbackForm, FeedbackForms } from '../../domain/feedback-form';
import { FEEDBACK_FORMS } from '../ports/feedback-forms.port';
import { GetFeedbackForms } from './get-feedback-forms.query';

@QueryHandler(GetFeedbackForms)
export class GetFeedbackFormsHandler implements IQueryHandler<GetFeedbackForms> {
  constructor(@Inject(FEEDBACK_FORMS) private readonly forms: FeedbackForms) {}

  async execute(): Promise<readonly FeedbackForm[]> {
    return this.forms.all;
  }
}
