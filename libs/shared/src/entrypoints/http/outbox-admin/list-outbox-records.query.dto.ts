import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { OUTBOX_SORT_FIELDS } from '../../../service_layer/outbox-view.port';
import { OUTBOX_STATES, type OutboxState } from '../../../service_layer/outbox.port';
import { PageQueryDto, sortPattern } from '../page.query.dto';

export class ListOutboxRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATES, description: 'only records in this state; all when left out' })
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  state?: OutboxState;

  @ApiPropertyOptional({ example: 'occurred_at,desc', description: `${OUTBOX_SORT_FIELDS.join(' | ')}, then asc | desc` })
  @IsOptional()
  @Matches(sortPattern(OUTBOX_SORT_FIELDS), {
    message: `sort must be one of ${OUTBOX_SORT_FIELDS.join(', ')}, optionally with ,asc or ,desc`,
  })
  sort?: string;
}
