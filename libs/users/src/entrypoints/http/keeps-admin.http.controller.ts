import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiProblemResponses,
  ApiResourceResponse,
  Authenticated,
  Caller,
  halPage,
  pageRequest,
  RequestMetadata,
} from '@keepem/shared/http';
import { GetKeep } from '../../service_layer/queries/get-keep.query';
import { ListKeeps } from '../../service_layer/queries/list-keeps.query';
import { KEEP_DEFAULT_SORT, KEEP_SORT_FIELDS, ListKeepsQueryDto } from './dto/list-keeps.query.dto';
import { adminKeepResource, KEEP_PAGE_SCHEMA, KEEP_RESOURCE_SCHEMA, KEEPS_ADMIN_PATH, KEEPS_EMBEDDED } from './keep.resource';

/** Every keep, for administrators (the `admin` scope). */
@ApiTags('keeps')
@Controller('keeps')
@Authenticated('admin')
export class KeepsAdminHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'All keeps, or one user’s (`user_id`), a page at a time, newest first unless sorted otherwise' })
  @ApiResourceResponse('A page of keeps', KEEP_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListKeepsQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, KEEP_DEFAULT_SORT, KEEP_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListKeeps({
        filter: { partyId: query.user_id ?? null, side: null, state: query.state ?? null },
        page,
        reader: { userId: caller.userId, isAdmin: true },
        metadata,
      }),
    );
    return halPage(
      KEEPS_ADMIN_PATH,
      KEEPS_EMBEDDED,
      { items: found.items.map(adminKeepResource), totalElements: found.totalElements },
      page,
      { state: query.state, user_id: query.user_id, sort: query.sort },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Any keep' })
  @ApiResourceResponse('The keep', KEEP_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, { status: 404, description: 'No such keep', example: { detail: 'Keep was not found' } })
  async one(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ) {
    return adminKeepResource(
      await this.queryBus.execute(new GetKeep({ keepId: id, reader: { userId: caller.userId, isAdmin: true }, metadata })),
    );
  }
}
