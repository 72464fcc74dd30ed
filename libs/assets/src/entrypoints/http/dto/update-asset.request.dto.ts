import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { TITLE_MAX_LENGTH } from '../../../domain/asset-details.value-object';
import { AssetDetailsRequestDto, unlessLeftOut } from './create-asset.request.dto';

/**
 * A merge patch of what an owner says about an asset: a field left out stays as it is, null clears
 * an optional text, a list given replaces the list. The file cannot change.
 */
export class UpdateAssetRequestDto extends AssetDetailsRequestDto {
  @ApiPropertyOptional({
    maxLength: TITLE_MAX_LENGTH,
    example: 'Grandma’s roses',
    description: `1 to ${TITLE_MAX_LENGTH} characters once trimmed`,
  })
  @unlessLeftOut
  @IsString()
  title?: string;
}

export const UPDATE_ASSET_EXAMPLE = { title: 'Grandma’s roses', bookmarked: true, location: null } satisfies UpdateAssetRequestDto;
