import { Controller, Get, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import { ApiProblemResponses, ApiResourceResponse, Authenticated, Caller, RequestMetadata } from '@keepem/shared/http';
import { GetRelease } from '../../service_layer/queries/get-release.query';
import { RELEASE_ID } from './legacy-locations';
import { RELEASE_RESOURCE_SCHEMA, releaseResource } from './release.resource';

const NOT_YOURS = {
  status: 404,
  description: 'No such release, or you are neither its owner nor a receiver',
  example: { detail: 'Release was not found' },
};

/** Legacies: an owner schedules the release of some assets to receivers, a receiver triggers it when its conditions hold. */
@ApiTags('legacy')
@Controller('legacy')
@Authenticated()
export class LegacyHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A release you scheduled or that is left to you',
    description:
      'Its receivers see it without the place that opens it (`location` is null for them); nobody sees an "in a bottle" ' +
      'time before it has passed (`release_time` is null until then).',
  })
  @ApiResourceResponse('The release', RELEASE_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, NOT_YOURS)
  async one(@Param('id', RELEASE_ID) id: string, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return releaseResource(await this.queryBus.execute(new GetRelease({ releaseId: id, readerId: caller.userId, metadata })));
  }
}
