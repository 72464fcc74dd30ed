import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { AGGREGATE_STATES, type AggregateState } from '@keepem/shared/domain';
import { PageQueryDto, type SortFields, sortPattern } from '@keepem/shared/http';
import type { AssetSortField } from '../../../service_layer/ports/assets.view.port';

export const ASSET_SORT_FIELDS: SortFields<AssetSortField> = { created_at: 'createdAt', title: 'title', size: 'size' };
export const ASSET_DEFAULT_SORT = 'created_at,desc';
const SORT_NAMES = Object.keys(ASSET_SORT_FIELDS);

/** Filters at most this many values each: a list is for a few choices, not a dump. */
const MAX_CHOICES = 10;
const MEDIA_TYPE_OR_MAJOR = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126})?';
const TAG = '[^,]{1,32}';

/** `a,b,c`: up to MAX_CHOICES values of `item`. */
const listOf = (item: string) => new RegExp(`^${item}(,${item}){0,${MAX_CHOICES - 1}}$`);

/** The comma-separated values of a filter, trimmed and lower-cased, blanks dropped. */
export function choices(list: string | undefined): string[] {
  return [...new Set((list ?? '').split(',').map((value) => value.trim().toLowerCase()))].filter(Boolean);
}

/** The order both asset lists share. */
class AssetsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: ASSET_DEFAULT_SORT, description: `${SORT_NAMES.join(' | ')}, then asc | desc; newest first by default` })
  @IsOptional()
  @Matches(sortPattern(ASSET_SORT_FIELDS), { message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc` })
  sort?: string;
}

export class ListMyAssetsQueryDto extends AssetsQueryDto {
  @ApiPropertyOptional({
    example: 'image,video/mp4',
    description: `only files of these types, comma-separated (at most ${MAX_CHOICES}): a major type (\`image\`) or a full one (\`video/mp4\`), in any case`,
  })
  @IsOptional()
  @Matches(listOf(MEDIA_TYPE_OR_MAJOR), {
    message: `file_types must be up to ${MAX_CHOICES} comma-separated media types or major types, such as image,video/mp4`,
  })
  file_types?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only bookmarked assets (`true`) or only the others (`false`)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  bookmarked?: 'true' | 'false';

  @ApiPropertyOptional({
    example: 'family,summer',
    description: `only assets with at least one of these tags, comma-separated (at most ${MAX_CHOICES}), in any case`,
  })
  @IsOptional()
  @Matches(listOf(TAG), { message: `tags must be up to ${MAX_CHOICES} comma-separated tags of 1 to 32 characters` })
  tags?: string;
}

export class ListAssetsQueryDto extends AssetsQueryDto {
  @ApiPropertyOptional({ enum: AGGREGATE_STATES, description: 'only assets in this state; all when left out' })
  @IsOptional()
  @IsIn(AGGREGATE_STATES)
  state?: AggregateState;

  @ApiPropertyOptional({ format: 'uuid', description: 'only assets this user owns' })
  @IsOptional()
  @IsUUID('4')
  owner_id?: string;
}
