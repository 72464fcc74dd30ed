import { Controller, Get, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AccessTokenClaims, ApiResourceResponse, Authenticated, Caller, MessageMetadataFactory } from '@keepem/shared';
import { GetUserProfile } from '../../service_layer/queries/get-user-profile.query';
import { USER_PROFILE_RESOURCE_SCHEMA, userProfileResource } from './user-profile.resource';

@ApiTags('users')
@Controller('me')
export class MeHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly metadata: MessageMetadataFactory,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s own profile' })
  @ApiResourceResponse('Your profile', USER_PROFILE_RESOURCE_SCHEMA)
  async me(@Caller() caller: AccessTokenClaims, @Req() request: FastifyRequest) {
    const profile = await this.queryBus.execute(
      new GetUserProfile(caller.userId, caller.userId, false, this.metadata.forRequest(request, caller.userId)),
    );
    return userProfileResource(profile);
  }
}
