import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiCommandResponse,
  ApiProblemResponses,
  ApiResourceResponse,
  ArrayBodyPipe,
  Authenticated,
  Caller,
  pointTo,
  RequestMetadata,
} from '@keepem/shared/http';
import { GiveFeedback } from '../../service_layer/commands/give-feedback.command';
import { GetFeedbackForms } from '../../service_layer/queries/get-feedback-forms.query';
import { GetMyFeedback } from '../../service_layer/queries/get-my-feedback.query';
import { FeedbackAnswerRequestDto, GIVE_FEEDBACK_EXAMPLE, MAX_FEEDBACK_ANSWERS_PER_REQUEST } from './dto/feedback-answer.request.dto';
import {
  FEEDBACK_FORMS_RESOURCE_SCHEMA,
  feedbackFormsResource,
  MY_FEEDBACK_LOCATION,
  MY_FEEDBACK_RESOURCE_SCHEMA,
  myFeedbackResource,
} from './feedback.resource';

@ApiTags('users')
@Controller()
export class FeedbackHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('feedback')
  @ApiOperation({
    summary: 'The feedback forms, in every language (en, ca, es)',
    description: 'Public: the forms are the same for everyone, so a client may show them before its user logs in.',
  })
  @ApiResourceResponse('The forms', FEEDBACK_FORMS_RESOURCE_SCHEMA)
  async forms(@RequestMetadata() metadata: MessageMetadata) {
    return feedbackFormsResource(await this.queryBus.execute(new GetFeedbackForms({ metadata })));
  }

  @Post('feedback')
  @Authenticated()
  @ApiOperation({
    summary: 'Answer feedback questions',
    description:
      'Each answer names a form and one of its questions. An answer to a question you answered before replaces it. ' +
      `At most ${MAX_FEEDBACK_ANSWERS_PER_REQUEST} per request.`,
  })
  @ApiBody({ type: FeedbackAnswerRequestDto, isArray: true, examples: { 'two answers': { value: GIVE_FEEDBACK_EXAMPLE } } })
  @ApiCommandResponse(201, 'Stored; GET the Location for all your answers')
  @ApiProblemResponses(
    {
      status: 400,
      description:
        `The body is not a JSON array of 1 to ${MAX_FEEDBACK_ANSWERS_PER_REQUEST} answers, or an answer is invalid or names ` +
        'no form or question (its fields named by index: `0.question_id`)',
      example: {
        detail: 'The feedback does not fit the forms',
        errors: [{ field: '0.question_id', message: 'the form "first-impressions" has no question "colour"' }],
      },
    },
    { status: 404, description: 'Your account was removed' },
  )
  async give(
    @Body(new ArrayBodyPipe(FeedbackAnswerRequestDto, { maxItems: MAX_FEEDBACK_ANSWERS_PER_REQUEST, noun: 'answers' }))
    body: FeedbackAnswerRequestDto[],
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(
      new GiveFeedback({
        userId: caller.userId,
        feedbackId: crypto.randomUUID(),
        answers: body.map((answer) => ({ formId: answer.form_id, questionId: answer.question_id, response: answer.response })),
        metadata,
      }),
    );
    pointTo(reply, MY_FEEDBACK_LOCATION);
  }

  @Get('me/feedback')
  @Authenticated()
  @ApiOperation({ summary: 'Your answers to the feedback forms: the latest to each question, by form and question' })
  @ApiResourceResponse('Your answers', MY_FEEDBACK_RESOURCE_SCHEMA)
  async mine(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return myFeedbackResource(await this.queryBus.execute(new GetMyFeedback({ userId: caller.userId, metadata })));
  }
}
