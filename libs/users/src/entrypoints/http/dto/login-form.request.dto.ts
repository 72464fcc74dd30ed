import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** The OAuth2 password form Swagger UI's Authorize button sends; `username` carries the e-mail. */
export class LoginFormRequestDto {
  @IsOptional()
  @IsIn(['password'])
  grant_type?: string;

  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'username must be the e-mail address' })
  username: string;

  @IsString()
  @Length(1, 96)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  scope?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  client_secret?: string;
}
