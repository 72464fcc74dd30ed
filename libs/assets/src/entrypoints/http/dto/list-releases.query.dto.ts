import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto, type SortFields, sortPattern } from '@keepem/shared/http';
import type { ReleaseSortField } from '../../../service_layer/ports/releases.view.port';
import { RELEASE_STATES, type ReleaseState } from '../release.resource';

export const RELEASE_SORT_FIELDS: SortFields<ReleaseSortField> = { created_at: 'createdAt', name: 'name' };
export const RELEASE_DEFAULT_SORT = 'created_at,desc';
const SORT_NAMES = Object.keys(RELEASE_SORT_FIELDS);

/** The order and state filter both release lists share. */
export class ListMyReleasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: RELEASE_DEFAULT_SORT,
    description: `${SORT_NAMES.join(' | ')}, then asc | desc; newest first by default`,
  })
  @IsOptional()
  @Matches(sortPattern(RELEASE_SORT_FIELDS), { message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc` })
  sort?: string;

  @ApiPropertyOptional({ enum: RELEASE_STATES, description: 'only releases in this state; all when left out' })
  @IsOptional()
  @IsIn(RELEASE_STATES)
  state?: ReleaseState;
}

export class ListReleasesQueryDto extends ListMyReleasesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only releases of this owner' })
  @IsOptional()
  @IsUUID('4')
  owner_id?: string;
}
