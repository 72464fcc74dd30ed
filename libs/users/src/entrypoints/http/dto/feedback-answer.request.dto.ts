import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { FEEDBACK_RESPONSE_MAX_LENGTH } from '../../../domain/feedback-form';

/** The most answers one request may give: more than the forms ask. */
export const MAX_FEEDBACK_ANSWERS_PER_REQUEST = 50;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class FeedbackAnswerRequestDto {
  @ApiProperty({ example: 'first-impressions', description: 'the `id` of a form of GET /api/v1/feedback' })
  @IsString()
  @Length(1, 64)
  form_id: string;

  @ApiProperty({ example: 'overall', description: 'the `id` of a question of that form' })
  @IsString()
  @Length(1, 64)
  question_id: string;

  @ApiProperty({
    minLength: 1,
    maxLength: FEEDBACK_RESPONSE_MAX_LENGTH,
    example: '4',
    description: 'trimmed; a `rating` question takes "1" to "5"',
  })
  @Transform(trimmed)
  @IsString()
  @Length(1, FEEDBACK_RESPONSE_MAX_LENGTH, { message: `response must be 1 to ${FEEDBACK_RESPONSE_MAX_LENGTH} characters once trimmed` })
  response: string;
}

/** What Swagger UI pre-fills: answers to two questions of the forms the repository ships. */
export const GIVE_FEEDBACK_EXAMPLE = [
  { form_id: 'first-impressions', question_id: 'overall', response: '4' },
  { form_id: 'first-impressions', question_id: 'missing', response: 'Recording a voice note straight from the app.' },
] satisfies FeedbackAnswerRequestDto[];
