import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PLACE_MAX_LENGTH } from '../../../domain/asset-release.aggregate';
import { unlessLeftOut } from './create-asset.request.dto';

/** Where the receiver is, for a release that opens at a place (hide-and-seek, time capsule). */
export class TriggerReleaseRequestDto {
  @ApiPropertyOptional({
    maxLength: PLACE_MAX_LENGTH,
    example: 'Sagrada Família',
    description: 'the place you name: it must be the one the owner chose (case and spaces do not count)',
  })
  @unlessLeftOut
  @IsString()
  @MaxLength(PLACE_MAX_LENGTH)
  geo_location?: string;
}

export const TRIGGER_RELEASE_EXAMPLE = { geo_location: 'Sagrada Família' } satisfies TriggerReleaseRequestDto;
