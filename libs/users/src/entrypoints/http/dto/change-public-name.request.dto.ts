import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PUBLIC_NAME_MAX_LENGTH } from '../../../domain/public-name.value-object';

/** A merge patch of the caller's profile: a field left out stays as it is. */
export class ChangePublicNameRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: PUBLIC_NAME_MAX_LENGTH,
    example: 'Ada Lovelace',
    description: `the name others see, 1 to ${PUBLIC_NAME_MAX_LENGTH} characters after trimming; null clears it`,
  })
  @IsOptional()
  @IsString()
  @Length(1, PUBLIC_NAME_MAX_LENGTH)
  public_name?: string | null;
}
