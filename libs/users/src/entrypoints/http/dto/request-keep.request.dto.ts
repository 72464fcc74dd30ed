import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { KEEP_NAME_MAX_LENGTH } from '../../../domain/keep.aggregate';

/** Whom to keep, named exactly one way; which way is checked with the command (400 naming the fields). */
export class RequestKeepRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the user's id; give exactly one of to_id, to_code and to_email" })
  @IsOptional()
  @IsUUID('4')
  to_id?: string;

  @ApiPropertyOptional({ example: 'K7PQR', description: "the user's referral code (5 characters, any case)" })
  @IsOptional()
  @IsString()
  @Length(5, 5, { message: 'to_code must be 5 characters' })
  to_code?: string;

  @ApiPropertyOptional({ format: 'email', description: "the user's e-mail address" })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'to_email must be an e-mail address' })
  to_email?: string;

  @ApiPropertyOptional({ maxLength: KEEP_NAME_MAX_LENGTH, example: 'Grandma', description: 'what you call them; only you see it' })
  @IsOptional()
  @IsString()
  @Length(1, KEEP_NAME_MAX_LENGTH)
  name_by_requester?: string;
}

/** The request Swagger UI pre-fills: by referral code, the way people usually pass themselves on. */
export const REQUEST_KEEP_EXAMPLE = { to_code: 'K7PQR', name_by_requester: 'Grandma' } satisfies RequestKeepRequestDto;
