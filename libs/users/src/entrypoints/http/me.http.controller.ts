import { Body, Controller, Delete, Get, HttpCode, Patch, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiCommandResponse,
  ApiProblemResponses,
  ApiResourceResponse,
  Authenticated,
  Caller,
  pointTo,
  RequestMetadata,
} from '@keepem/shared/http';
import { ChangePassword } from '../../service_layer/commands/change-password.command';
import { ChangePublicName } from '../../service_layer/commands/change-public-name.command';
import { RemoveUser } from '../../service_layer/commands/remove-user.command';
import { GetUserProfile } from '../../service_layer/queries/get-user-profile.query';
import { ChangePasswordRequestDto } from './dto/change-password.request.dto';
import { ChangePublicNameRequestDto } from './dto/change-public-name.request.dto';
import { LimitPasswordChanges } from './password-change-rate-limit.guard';
import { USER_PROFILE_RESOURCE, userProfileResource } from './user-profile.resource';

const ME_LOCATION = '/api/v1/me';

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

  @Patch()
  @Authenticated()
  @ApiOperation({
    summary: 'Change your public name, or clear it with null',
    description: 'A merge patch: a field left out stays as it is. The name is trimmed; the same name again changes nothing.',
  })
  @ApiBody({ type: ChangePublicNameRequestDto, examples: { 'a new name': { value: { public_name: 'Ada Lovelace' } } } })
  @ApiCommandResponse(202, 'Changed; GET your profile at Location')
  @ApiProblemResponses(
    {
      status: 400,
      example: {
        detail: 'The public name is not valid',
        errors: [
          {
            field: 'public_name',
            message: 'the public name must be 1 to 64 characters after trimming, with no control characters (null clears it)',
          },
        ],
      },
    },
    {
      status: 422,
      description: 'The account is removed or otherwise final',
      example: { detail: 'User … is removed and can no longer change' },
    },
  )
  async changeProfile(
    @Body() body: ChangePublicNameRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (body.public_name !== undefined) {
      await this.commandBus.execute(new ChangePublicName({ userId: caller.userId, publicName: body.public_name, metadata }));
    }
    pointTo(reply, ME_LOCATION);
  }

  @Put('password')
  @LimitPasswordChanges()
  @Authenticated()
  @ApiOperation({
    summary: 'Change your password; your other sessions end',
    description:
      'Needs the current password. Every session of yours but the one whose access token made this request ends: their ' +
      'refresh tokens stop working at once. Open reset links stop working too.',
  })
  @ApiBody({ type: ChangePasswordRequestDto })
  @ApiCommandResponse(202, 'Changed; your profile is at Location')
  @ApiProblemResponses(
    {
      status: 400,
      example: {
        detail: 'The request is not valid',
        errors: [{ field: 'new_password', message: 'new_password must be 8 to 96 characters long' }],
      },
    },
    {
      status: 401,
      description: 'The old password is wrong, or the access token is missing, invalid or expired',
      example: { detail: 'The old password is wrong' },
    },
    503,
  )
  async changePassword(
    @Body() body: ChangePasswordRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(
      new ChangePassword({
        userId: caller.userId,
        sessionId: caller.sessionId,
        oldPassword: body.old_password,
        newPassword: body.new_password,
        metadata,
      }),
    );
    pointTo(reply, ME_LOCATION);
  }
}
