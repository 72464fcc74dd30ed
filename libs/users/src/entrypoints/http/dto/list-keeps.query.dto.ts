import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto, type SortFields, sortPattern } from '@keepem/shared/http';
import type { KeepSide } from '../../../service_layer/keep-details';
import type { KeepSortField } from '../../../service_layer/ports/keeps.view.port';

export const KEEP_SORT_FIELDS: SortFields<KeepSortField> = { created_at: 'createdAt', modified_at: 'modifiedAt' };
const SORT_NAMES = Object.keys(KEEP_SORT_FIELDS);
export const KEEP_DEFAULT_SORT = 'created_at,desc';

/** A declined keep is `removed`; a pending one waits for the requested user, an active one was accepted. */
export const KEEP_STATES = ['pending', 'active', 'removed'] as const;
export type KeepState = (typeof KEEP_STATES)[number];
const KEEP_SIDES: readonly KeepSide[] = ['requester', 'requested'];

/** Filters and order both keep lists share. */
class KeepsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: KEEP_STATES, description: 'only keeps in this state (`removed`: declined); all when left out' })
  @IsOptional()
  @IsIn(KEEP_STATES)
  state?: KeepState;

  @ApiPropertyOptional({ example: KEEP_DEFAULT_SORT, description: `${SORT_NAMES.join(' | ')}, then asc | desc; newest first by default` })
  @IsOptional()
  @Matches(sortPattern(KEEP_SORT_FIELDS), { message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc` })
  sort?: string;
}

export class ListMyKeepsQueryDto extends KeepsQueryDto {
  @ApiPropertyOptional({
    enum: KEEP_SIDES,
    description: 'only keeps you asked for (`requester`) or were asked for (`requested`); both when left out',
  })
  @IsOptional()
  @IsIn(KEEP_SIDES)
  as?: KeepSide;
}

export class ListKeepsQueryDto extends KeepsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only keeps this user is a party to' })
  @IsOptional()
  @IsUUID('4')
  user_id?: string;
}
