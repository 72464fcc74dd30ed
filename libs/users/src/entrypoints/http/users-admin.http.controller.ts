import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
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
  halPage,
  pageRequest,
  pointTo,
  RequestMetadata,
} from '@keepem/shared/http';
import { AdminActivateUser } from '../../service_layer/commands/admin-activate-user.command';
import { RemoveUser } from '../../service_layer/commands/remove-user.command';
import { ListUsers } from '../../service_layer/queries/list-users.query';
import { ListUsersQueryDto, USER_DEFAULT_SORT, USER_SORT_FIELDS } from './dto/list-users.query.dto';
import { RemoveUserRequestDto } from './dto/remove-user.request.dto';
import { USER_PROFILE_PAGE_SCHEMA, USERS_EMBEDDED, USERS_PATH, userLocation, userProfileResource } from './user-profile.resource';

const USER_ID = new ParseUUIDPipe({ version: '4' });

/** Administrators' work on accounts: find them, activate one that is waiting, remove one. */
@ApiTags('users')
@Controller('users')
@Authenticated('admin')
export class UsersAdminHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Users, a page at a time, by state or by the start of a username or e-mail address (admin)' })
  @ApiResourceResponse('A page of user profiles', USER_PROFILE_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListUsersQueryDto, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, USER_DEFAULT_SORT, USER_SORT_FIELDS);
    const found = await this.queryBus.execute(new ListUsers({ state: query.state, q: query.q, page, metadata }));
    return halPage(USERS_PATH, USERS_EMBEDDED, { items: found.items.map(userProfileResource), totalElements: found.totalElements }, page, {
      state: query.state,
      q: query.q,
      sort: query.sort,
    });
  }

  @Put(':id/activate')
  @ApiOperation({ summary: 'Activate a pending account, as its e-mailed link would; the user gets the "account ready" e-mail (admin)' })
  @ApiCommandResponse(202, 'Activated')
  @ApiProblemResponses(400, 404, {
    status: 422,
    description: 'The account is not waiting for activation',
    example: { detail: 'User 0b7c6a3e-5d1f-4c2a-9e8b-1f2a3b4c5d6e is not waiting for activation', errors: [] },
  })
  async activate(
    @Param('id', USER_ID) id: string,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new AdminActivateUser({ userId: id, metadata }));
    pointTo(reply, userLocation(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an account, with a reason: its owner can no longer log in and every session of theirs ends (admin)',
  })
  @ApiBody({ type: RemoveUserRequestDto })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(400, 404, {
    status: 403,
    description: 'Not an administrator (the admin scope), or your own account: remove that with DELETE /api/v1/me after a fresh login',
  })
  async remove(
    @Param('id', USER_ID) id: string,
    @Body() body: RemoveUserRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ): Promise<void> {
    await this.commandBus.execute(
      new RemoveUser({
        userId: id,
        removal: { by: 'admin', adminId: caller.userId, reason: body.reason },
        freshLogin: caller.fresh,
        metadata,
      }),
    );
  }
}
