import { Controller, Get, Query } from '@nestjs/common';
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
  PageQueryDto,
  RequestMetadata,
} from '@keepem/shared/http';
import { ListIncomingReleases } from '../../service_layer/queries/list-incoming-releases.query';
import { ListReleases } from '../../service_layer/queries/list-releases.query';
import { MY_INCOMING_LEGACY_PATH, MY_LEGACY_PATH } from './legacy-locations';
import { RELEASE_PAGE_SCHEMA, releaseResource, RELEASES_EMBEDDED, STORED_RELEASE_STATES } from './release.resource';
import { ListMyReleasesQueryDto, RELEASE_DEFAULT_SORT, RELEASE_SORT_FIELDS } from './dto/list-releases.query.dto';

/** The caller's legacies: those they leave, and those that wait for them. */
@ApiTags('legacy')
@Controller('me/legacy')
@Authenticated()
export class MyLegacyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The releases you scheduled, whatever became of them, newest first unless sorted otherwise',
    description: 'Filter by `state`: `scheduled`, `released` or `cancelled`.',
  })
  @ApiResourceResponse('A page of your releases', RELEASE_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListMyReleasesQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, RELEASE_DEFAULT_SORT, RELEASE_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListReleases({
        filter: { ownerId: caller.userId, states: query.state ? [STORED_RELEASE_STATES[query.state]] : [] },
        page,
        reader: { userId: caller.userId, isAdmin: false },
        metadata,
      }),
    );
    return halPage(
      MY_LEGACY_PATH,
      RELEASES_EMBEDDED,
      { items: found.items.map(releaseResource), totalElements: found.totalElements },
      page,
      {
        state: query.state,
        sort: query.sort,
      },
    );
  }

  @Get('incoming')
  @ApiOperation({
    summary: 'The scheduled releases left to you whose time has come (or that have none), newest first',
    description:
      'What you may trigger: follow `_links.trigger` of each (naming the place when `needs_location`). A release whose time ' +
      'has not come yet is not listed; an "in a bottle" one appears only once its secret time has passed.',
  })
  @ApiResourceResponse('A page of the releases waiting for you', RELEASE_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async incoming(@Query() query: PageQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = { number: query.page, size: query.size };
    const found = await this.queryBus.execute(new ListIncomingReleases({ receiverId: caller.userId, page, metadata }));
    return halPage(
      MY_INCOMING_LEGACY_PATH,
      RELEASES_EMBEDDED,
      { items: found.items.map(releaseResource), totalElements: found.totalElements },
      page,
      {},
    );
  }
}
