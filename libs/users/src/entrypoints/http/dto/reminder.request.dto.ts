import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { REMINDER_MAX_FREQUENCY_DAYS, REMINDER_TITLE_MAX_LENGTH } from '../../../domain/reminder.value-object';

/** The most reminders one request may set or remove. */
export const MAX_REMINDERS_PER_REQUEST = 50;

/** A date, a time and an offset (`Z` or `±hh:mm`), to the millisecond at most: an instant, never a local time. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME_MESSAGE = 'time must be an ISO 8601 date and time with an offset, e.g. 2030-05-04T09:00:00Z';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What names a reminder: its title and time. */
export class ReminderIdentityRequestDto {
  @ApiProperty({
    minLength: 1,
    maxLength: REMINDER_TITLE_MAX_LENGTH,
    example: 'Call grandma',
    description: 'trimmed; with `time`, names the reminder',
  })
  @Transform(trimmed)
  @IsString()
  @Length(1, REMINDER_TITLE_MAX_LENGTH, { message: `title must be 1 to ${REMINDER_TITLE_MAX_LENGTH} characters once trimmed` })
  title: string;

  @ApiProperty({ format: 'date-time', example: '2030-05-04T09:00:00.000Z', description: 'an instant: `Z` or an offset is required' })
  @IsString()
  @Matches(DATE_TIME, { message: DATE_TIME_MESSAGE })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: DATE_TIME_MESSAGE })
  time: string;
}

export class ReminderRequestDto extends ReminderIdentityRequestDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: REMINDER_MAX_FREQUENCY_DAYS,
    default: 0,
    example: 7,
    description: 'days between one time and the next; 0 (the default) for once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(REMINDER_MAX_FREQUENCY_DAYS)
  frequency_days?: number | null;

  // No example: Swagger UI would pre-fill it, and a made-up id is nobody's.
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the user the reminder is about, if any' })
  @IsOptional()
  @IsUUID('4')
  related_user?: string | null;
}

/** What Swagger UI pre-fills: two reminders that a first "Execute" sets. */
export const ADD_REMINDERS_EXAMPLE = [
  { title: 'Call grandma', time: '2030-05-04T09:00:00.000Z', frequency_days: 7 },
  { title: 'Our anniversary', time: '2030-06-21T18:00:00.000Z', frequency_days: 365 },
] satisfies ReminderRequestDto[];

export const REMOVE_REMINDERS_EXAMPLE = [
  { title: 'Call grandma', time: '2030-05-04T09:00:00.000Z' },
] satisfies ReminderIdentityRequestDto[];
