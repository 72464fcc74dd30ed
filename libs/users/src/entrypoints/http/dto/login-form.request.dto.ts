import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';

export const GRANT_TYPES = ['password', 'refresh_token'] as const;

const isPasswordGrant = (form: LoginFormRequestDto): boolean => form.grant_type !== 'refresh_token';
const isRefreshTokenGrant = (form: LoginFormRequestDto): boolean => form.grant_type === 'refresh_token';

/**
 * The OAuth2 token request, form-encoded (RFC 6749 §4.3.2 and §6): what Swagger UI's Authorize
 * button and OAuth2 client libraries send. One class documents the form and validates it, so the
 * fields Swagger shows are the fields accepted; which of them a request needs depends on its grant.
 */
export class LoginFormRequestDto {
  @ApiPropertyOptional({
    enum: GRANT_TYPES,
    default: 'password',
    description: '`password` logs in with `username` and `password`; `refresh_token` trades `refresh_token` for new tokens',
  })
  @IsOptional()
  @IsIn(GRANT_TYPES, { message: 'grant_type must be password or refresh_token' })
  grant_type?: (typeof GRANT_TYPES)[number];

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'your e-mail address (password grant)' })
  @ValidateIf(isPasswordGrant)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'username must be the e-mail address' })
  username?: string;

  @ApiPropertyOptional({ format: 'password', example: 'correct horse battery', description: 'your password (password grant)' })
  @ValidateIf(isPasswordGrant)
  @IsString()
  @Length(1, 96)
  password?: string;

  @ApiPropertyOptional({ description: 'the refresh token of the session (refresh_token grant); it is rotated' })
  @ValidateIf(isRefreshTokenGrant)
  @IsString()
  @Length(1, 4096)
  refresh_token?: string;

  @ApiPropertyOptional({
    example: 'user',
    description:
      'space-separated roles to use (password grant): `user` (the default), and `admin` for administrators only. ' +
      'A refresh keeps the scope of the session and ignores this field',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  scope?: string;

  @ApiPropertyOptional({ description: 'names the client application; accepted and not stored', maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;

  @ApiPropertyOptional({ description: 'not needed: the API has no confidential clients; accepted and ignored', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  client_secret?: string;
}
