import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * The upload token is a credential: one that is missing is refused as one that is wrong (401), and
 * only once the asset is known to be the caller's (anyone else gets 404), not as a malformed query.
 */
export class UploadAssetFileQueryDto {
  @ApiProperty({
    required: true,
    description: 'The token from the Location the asset was created with: good for this asset and you, for UPLOAD_TOKEN_TTL_SECONDS',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzYzFlIiwiYXNzZXQiOiI5YjJmIiwidHlwIjoidXBsb2FkIn0.c2lnbmF0dXJl',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  upload_token?: string;
}
