import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class UploadAssetFileQueryDto {
  @ApiProperty({
    description: 'The token from the Location the asset was created with: good for this asset and you, for UPLOAD_TOKEN_TTL_SECONDS',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzYzFlIiwiYXNzZXQiOiI5YjJmIiwidHlwIjoidXBsb2FkIn0.c2lnbmF0dXJl',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  upload_token: string;
}
