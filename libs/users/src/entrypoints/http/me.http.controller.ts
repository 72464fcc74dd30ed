import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import { ApiProblemResponses, ApiResourceResponse, Authenticated, Caller, RequestMetadata } from '@keepem/shared/http';
import { RemoveUser } from '../../service_layer/commands/remove-user.command';
import { GetUserProfile } from '../../service_layer/queries/get-user-profile.query';
import { USER_PROFILE_RESOURCE, userProfileResource } from './user-profile.resource';

@ApiTags('users')
@Controller('me')
export class MeHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
  ) {}

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

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'Remove your account, for good: needs the access token of a login, not of a refresh',
    description:
      'Your e-mail address is freed and your public name cleared; you can no longer log in and every session of yours ends. ' +
      'An access token from a refresh is refused with 403: log in again with your password and use the new access token.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(
    {
      status: 403,
      description: 'The access token came from a refresh, not from a login',
      example: { detail: 'Removing your account needs a fresh login: log in again with your password and use the new access token' },
    },
    { status: 404, description: 'Your account was already removed' },
  )
  async remove(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata): Promise<void> {
    await this.commandBus.execute(new RemoveUser({ userId: caller.userId, removal: { by: 'self' }, freshLogin: caller.fresh, metadata }));
  }
}
