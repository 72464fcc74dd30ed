import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { REMOVAL_REASON_MAX_LENGTH } from '../../../domain/user-removal';

export class RemoveUserRequestDto {
  @ApiProperty({
    minLength: 1,
    maxLength: REMOVAL_REASON_MAX_LENGTH,
    example: 'Spam: sent keep requests to strangers',
    description: 'why the account is removed; published with users.user-removed.v1',
  })
  @IsString()
  @MaxLength(REMOVAL_REASON_MAX_LENGTH, { message: `reason must be at most ${REMOVAL_REASON_MAX_LENGTH} characters long` })
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
