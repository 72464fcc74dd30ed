import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { OutboxSortField } from '../../../service_layer/outbox-view.port';
import { OUTBOX_STATES, type OutboxState } from '../../../service_layer/outbox.port';
import { PageQueryDto, SortFields, sortPattern } from '../page.query.dto';

export const OUTBOX_SORT_FIELDS: SortFields<OutboxSortField> = { occurred_at: 'occurredAt', attempts: 'attempts' };
const SORT_NAMES = Object.keys(OUTBOX_SORT_FIELDS);

export class ListOutboxRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATES, description: 'only records in this state; all when left out' })
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  state?: OutboxState;

  @ApiPropertyOptional({ example: 'occurred_at,desc', description: `${SORT_NAMES.join(' | ')}, then asc | desc` })
  @IsOptional()
  @Matches(sortPattern(OUTBOX_SORT_FIELDS), {
    message: `sort must be one of ${SORT_NAMES.join(', ')}, optionally with ,asc or ,desc`,
  })
  sort?: string;
}
