import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { CONSUMER_NAME } from '../../../service_layer/consumer-name';
import type { DeadLetterSortField } from '../../../service_layer/dead-letter-store.port';
import { PageQueryDto, SortFields, sortPattern } from '../page.query.dto';

export const DEAD_LETTER_SORT_FIELDS: SortFields<DeadLetterSortField> = { dead_at: 'deadAt' };
export const DEAD_LETTER_DEFAULT_SORT = 'dead_at,desc';
const SORT_NAMES = Object.keys(DEAD_LETTER_SORT_FIELDS);

export class ListDeadLettersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'users.activation-email', description: 'only the letters of this consumer; all when left out' })
  @IsOptional()
  @Length(3, 100)
  @Matches(CONSUMER_NAME, { message: 'consumer must be a consumer name, e.g. users.activation-email' })
  consumer?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'only the letters replayed since they died (`true`), or only those not (`false`); all when left out',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  replayed?: 'true' | 'false';

  @ApiPropertyOptional({
    example: DEAD_LETTER_DEFAULT_SORT,
    description: `${SORT_NAMES.join(' | ')}, then asc | desc; the newest dead first by default`,
  })
  @IsOptional()
  @Matches(sortPattern(DEAD_LETTER_SORT_FIELDS), {
    message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc`,
  })
  sort?: string;
}
