import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { KEEP_NAME_MAX_LENGTH } from '../../../domain/keep.aggregate';

export class AcceptKeepRequestDto {
  @ApiPropertyOptional({ maxLength: KEEP_NAME_MAX_LENGTH, example: 'Tom', description: 'what you call the requester; only you see it' })
  @IsOptional()
  @IsString()
  @Length(1, KEEP_NAME_MAX_LENGTH)
  name_by_requested?: string;
}
