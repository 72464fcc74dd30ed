import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { DECLINE_REASON_MAX_LENGTH } from '../../../domain/keep.aggregate';

export class DeclineKeepRequestDto {
  @ApiPropertyOptional({ maxLength: DECLINE_REASON_MAX_LENGTH, example: 'I do not know you', description: 'both sides see it' })
  @IsOptional()
  @IsString()
  @Length(1, DECLINE_REASON_MAX_LENGTH)
  reason?: string;
}
