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
  RequestMetadata,
} from '@keepem/shared/http';
import { ListReleases } from '../../service_layer/queries/list-releases.query';
import { LEGACY_PATH } from './legacy-locations';
import { RELEASE_PAGE_SCHEMA, releaseResource, RELEASES_EMBEDDED, STORED_RELEASE_STATES } from './release.resource';
import { ListReleasesQueryDto, RELEASE_DEFAULT_SORT, RELEASE_SORT_FIELDS } from './dto/list-releases.query.dto';

/** Every release, for administrators: who leaves what to whom, never a place nor a secret time. */
@ApiTags('legacy')
@Controller('legacy')
@Authenticated('admin')
export class LegacyAdminHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Every release (admin scope), a page at a time, newest first unless sorted otherwise',
    description: 'The place that opens a release and an "in a bottle" time that has not passed are not shown, here neither.',
  })
  @ApiResourceResponse('A page of releases', RELEASE_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListReleasesQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, RELEASE_DEFAULT_SORT, RELEASE_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListReleases({
        filter: { ownerId: query.owner_id ?? null, states: query.state ? [STORED_RELEASE_STATES[query.state]] : [] },
        page,
        reader: { userId: caller.userId, isAdmin: true },
        metadata,
      }),
    );
    return halPage(LEGACY_PATH, RELEASES_EMBEDDED, { items: found.items.map(releaseResource), totalElements: found.totalElements }, page, {
      state: query.state,
      owner_id: query.owner_id,
      sort: query.sort,
    });
  }
}
