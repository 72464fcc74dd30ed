import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

  @ApiProperty({ minLength: 8, maxLength: 96, example: 'correct horse battery' })
  @IsString()
  @Length(8, 96, { message: 'password must be 8 to 96 characters long' })
  password: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'Ada' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  public_name?: string;

  @ApiPropertyOptional({ example: 'K7PQR', description: 'the referral code of the user who invited you' })
  @IsOptional()
  @IsString()
  @Length(5, 5, { message: 'referral_code must be 5 characters' })
  referral_code?: string;
}
