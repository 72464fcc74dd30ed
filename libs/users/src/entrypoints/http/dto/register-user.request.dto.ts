import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/password-policy';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class RegisterUserRequestDto {
  @ApiProperty({ example: 'ada_l', description: '2–15 letters, digits or underscores; stored lowercased' })
  @IsString()
  @Matches(/^\s*[A-Za-z0-9_]{2,15}\s*$/, { message: 'username must be 2 to 15 letters, digits or underscores' })
  username: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'Ada' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  public_name?: string;

  // No example: Swagger UI would pre-fill it, and a made-up code names nobody (422).
  @ApiPropertyOptional({ description: 'the referral code of the user who invited you (5 characters), if any' })
  @IsOptional()
  @IsString()
  @Length(5, 5, { message: 'referral_code must be 5 characters' })
  referral_code?: string;
}

/** The sign-up Swagger UI pre-fills: valid as it stands, so a first "Execute" registers someone. */
export const REGISTER_USER_EXAMPLE = {
  username: 'ada_l',
  email: 'ada@example.com',
  password: 'correct horse battery',
  public_name: 'Ada',
} satisfies RegisterUserRequestDto;
