import { ApiProperty } from '@nestjs/swagger';
import type { SessionTokens } from '../../../service_layer/session-tokens';

export class SessionTokensResponseDto {
  @ApiProperty({ format: 'uuid' })
  user_id: string;

  @ApiProperty({ example: 'bearer' })
  token_type: 'bearer';

  @ApiProperty({ description: 'JWT, 15 minutes' })
  access_token: string;

  @ApiProperty({ format: 'date-time' })
  access_token_expires_at: string;

  @ApiProperty({ description: 'JWT, 60 days; rotated on every refresh' })
  refresh_token: string;

  @ApiProperty({ format: 'date-time' })
  refresh_token_expires_at: string;

  static from(tokens: SessionTokens): SessionTokensResponseDto {
    return {
      user_id: tokens.userId,
      token_type: 'bearer',
      access_token: tokens.accessToken,
      access_token_expires_at: tokens.accessTokenExpiresAt.toISOString(),
      refresh_token: tokens.refreshToken,
      refresh_token_expires_at: tokens.refreshTokenExpiresAt.toISOString(),
    };
  }
}
