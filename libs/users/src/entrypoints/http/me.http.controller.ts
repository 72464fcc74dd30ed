import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import { ApiResourceResponse, Authenticated, Caller, RequestMetadata } from '@keepem/shared/http';
import { GetUserProfile } from '../../service_layer/queries/get-user-profile.query';
import { USER_PROFILE_RESOURCE, userProfileResource } from './user-profile.resource';

@ApiTags('users')
@Controller('me')
export class MeHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s own profile' })
  @ApiResourceResponse('Your profile', USER_PROFILE_RESOURCE)
  async profile(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const profile = await this.queryBus.execute(
      new GetUserProfile({ userId: caller.userId, requesterId: caller.userId, requesterIsAdmin: false, metadata }),
    );
    return userProfileResource(profile);
  }
}
