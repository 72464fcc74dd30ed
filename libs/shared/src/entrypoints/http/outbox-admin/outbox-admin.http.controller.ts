import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { MessageMetadata } from '../../../service_layer/command';
import { GetOutboxRecord } from '../../../service_layer/outbox-admin/get-outbox-record.query';
import { ListOutboxRecords } from '../../../service_layer/outbox-admin/list-outbox-records.query';
import { RetryOutboxRecord } from '../../../service_layer/outbox-admin/retry-outbox-record.command';
import { ApiCommandResponse } from '../api-command-response.decorator';
import { ApiProblemResponses } from '../api-problem-responses.decorator';
import { ApiResourceResponse } from '../api-resource-response.decorator';
import { Authenticated } from '../auth/authenticated.decorator';
import { pointTo } from '../command-response';
import { halPage } from '../hal';
import { pageRequest } from '../page.query.dto';
import { RequestMetadata } from '../request-metadata.decorator';
import { ListOutboxRecordsQueryDto, OUTBOX_SORT_FIELDS } from './list-outbox-records.query.dto';
import {
  OUTBOX_ADMIN_PATH,
  OUTBOX_RECORD_PAGE_SCHEMA,
  OUTBOX_RECORD_RESOURCE_SCHEMA,
  OUTBOX_RECORDS_EMBEDDED,
  outboxRecordLocation,
  outboxRecordResource,
} from './outbox-record.resource';

const RECORD_ID = new ParseUUIDPipe({ version: '4' });

/** For operators: which events did not get out, why, and another round of attempts for them. */
@ApiTags('operations')
@Controller('admin/outbox')
@Authenticated('admin')
export class OutboxAdminHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Outbox records, e.g. the dead ones (?state=dead), a page at a time' })
  @ApiResourceResponse('A page of outbox records', OUTBOX_RECORD_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListOutboxRecordsQueryDto, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, 'occurred_at,asc', OUTBOX_SORT_FIELDS);
    const found = await this.queryBus.execute(new ListOutboxRecords({ state: query.state, page, metadata }));
    return halPage(
      OUTBOX_ADMIN_PATH,
      OUTBOX_RECORDS_EMBEDDED,
      { items: found.items.map(outboxRecordResource), totalElements: found.totalElements },
      page,
      { state: query.state, sort: query.sort },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One outbox record and how its delivery went' })
  @ApiResourceResponse('The outbox record', OUTBOX_RECORD_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, 404)
  async one(@Param('id', RECORD_ID) id: string, @RequestMetadata() metadata: MessageMetadata) {
    return outboxRecordResource(await this.queryBus.execute(new GetOutboxRecord({ recordId: id, metadata })));
  }

  @Post(':id/retry')
  @ApiOperation({ summary: 'Deliver a dead record again, from its first attempt; the later records of its aggregate follow it' })
  @ApiCommandResponse(202, 'The record is pending again')
  @ApiProblemResponses(400, 404, 409)
  async retry(
    @Param('id', RECORD_ID) id: string,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new RetryOutboxRecord({ recordId: id, metadata }));
    pointTo(reply, outboxRecordLocation(id));
  }
}
