import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** The JSON login. */
export class LoginRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @Length(1, 96)
  password: string;

  @ApiPropertyOptional({ description: 'names the device, so its session can be told apart', maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  device_id?: string;

  @ApiPropertyOptional({ example: 'user', description: 'space-separated roles to use; defaults to "user"' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  scope?: string;
}
