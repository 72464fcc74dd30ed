import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AGGREGATE_STATES, type AggregateState } from '@keepem/shared/domain';
import { PageQueryDto, type SortFields, sortPattern } from '@keepem/shared/http';
import type { UserSortField } from '../../../service_layer/ports/user-profile.view.port';

export const USER_SORT_FIELDS: SortFields<UserSortField> = { created_at: 'createdAt', username: 'username' };
export const USER_DEFAULT_SORT = 'created_at,desc';
const SORT_NAMES = Object.keys(USER_SORT_FIELDS);

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGGREGATE_STATES, description: 'only users in this state; all when left out' })
  @IsOptional()
  @IsIn(AGGREGATE_STATES)
  state?: AggregateState;

  @ApiPropertyOptional({ example: 'ada', description: 'the start of a username or an e-mail address, in any case' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  q?: string;

  @ApiPropertyOptional({ example: USER_DEFAULT_SORT, description: `${SORT_NAMES.join(' | ')}, then asc | desc; newest first by default` })
  @IsOptional()
  @Matches(sortPattern(USER_SORT_FIELDS), {
    message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc`,
  })
  sort?: string;
}
