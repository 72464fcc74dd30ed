import { ApiProperty } from '@nestjs/swagger';
import type { SessionTokens } from '../../../service_layer/session-tokens';

/** A successful token response (RFC 6749 §5.1), with the expiry instants and the user beside its fields. */
export class SessionTokensResponseDto {
  @ApiProperty({ format: 'uuid' })
  user_id: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ description: 'JWT, 15 minutes' })
  access_token: string;

  @ApiProperty({ example: 900, description: 'seconds until the access token expires' })
  expires_in: number;

  @ApiProperty({ format: 'date-time' })
  access_token_expires_at: string;

  @ApiProperty({ description: 'JWT, 60 days; rotated on every refresh' })
  refresh_token: string;

  @ApiProperty({ format: 'date-time' })
  refresh_token_expires_at: string;

  static from(tokens: SessionTokens, issuedAt: Date): SessionTokensResponseDto {
    return {
      user_id: tokens.userId,
      token_type: 'Bearer',
      access_token: tokens.accessToken,
      expires_in: Math.max(0, Math.round((tokens.accessTokenExpiresAt.getTime() - issuedAt.getTime()) / 1000)),
      access_token_expires_at: tokens.accessTokenExpiresAt.toISOString(),
      refresh_token: tokens.refreshToken,
      refresh_token_expires_at: tokens.refreshTokenExpiresAt.toISOString(),
    };
  }
}
