import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { AcceptKeep } from '../../service_layer/commands/accept-keep.command';
import { DeclineKeep } from '../../service_layer/commands/decline-keep.command';
import { RequestKeep } from '../../service_layer/commands/request-keep.command';
import { GetKeep } from '../../service_layer/queries/get-keep.query';
import { ListKeeps } from '../../service_layer/queries/list-keeps.query';
import { type AddressLimit, LimitPerAddress } from './address-rate-limit.guard';
import { AcceptKeepRequestDto } from './dto/accept-keep.request.dto';
import { DeclineKeepRequestDto } from './dto/decline-keep.request.dto';
import { KEEP_DEFAULT_SORT, KEEP_SORT_FIELDS, ListMyKeepsQueryDto } from './dto/list-keeps.query.dto';
import { REQUEST_KEEP_EXAMPLE, RequestKeepRequestDto } from './dto/request-keep.request.dto';
import { KEEP_PAGE_SCHEMA, KEEP_RESOURCE_SCHEMA, KEEPS_EMBEDDED, MY_KEEPS_PATH, myKeepLocation, myKeepResource } from './keep.resource';

const KEEP_ID = new ParseUUIDPipe({ version: '4' });

/** A keep request e-mails the user it names, who may be named by e-mail address. */
export const KEEP_REQUEST_LIMIT: AddressLimit = {
  name: 'keep-request',
  max: (config) => config.keepRequestLimitPerIpPerHour,
  windowMs: 60 * 60_000,
  tooMany: (seconds) => `Too many keep requests from this address; try again in ${seconds} s`,
};

/** The caller's keeps: people they asked, or who asked them, to keep each other. */
@ApiTags('keeps')
@Controller('me/keeps')
@Authenticated()
export class KeepsHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @LimitPerAddress(KEEP_REQUEST_LIMIT)
  @ApiOperation({
    summary: 'Ask someone to keep each other, by their id, referral code or e-mail address; they are e-mailed',
    description:
      'Give exactly one of `to_id`, `to_code` and `to_email`. Only active users can be kept: anyone else is answered 404, ' +
      'as an unknown user is. A keep with yourself, or a second pending or active keep with the same person (whoever asked), ' +
      'is a conflict; after a decline you may ask again.',
  })
  @ApiBody({ type: RequestKeepRequestDto, examples: { 'by referral code': { value: REQUEST_KEEP_EXAMPLE } } })
  @ApiCommandResponse(201, 'Requested, pending until they accept')
  @ApiProblemResponses(
    {
      status: 400,
      description: 'A field is invalid, or not exactly one of `to_id`, `to_code` and `to_email` was given (each is named in `errors`)',
      example: {
        detail: "Say whom to keep one way only: the user's id, referral code or e-mail address",
        errors: [
          { field: 'to_id', message: "give exactly one: the user's id, referral code or e-mail address" },
          { field: 'to_code', message: "give exactly one: the user's id, referral code or e-mail address" },
        ],
      },
    },
    {
      status: 403,
      description: 'Your account is no longer active (an access token outlives a removal by 15 minutes at most)',
      example: { detail: 'This account is disabled' },
    },
    { status: 404, description: 'No active user has that id, code or address', example: { detail: 'User was not found' } },
    {
      status: 409,
      description: 'That is you, or the two of you already have a pending or active keep',
      example: { detail: 'A keep between these two users is already pending or active', errors: [] },
    },
  )
  async request(
    @Body() body: RequestKeepRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const keepId = crypto.randomUUID();
    await this.commandBus.execute(
      new RequestKeep({
        keepId,
        requesterId: caller.userId,
        toId: body.to_id ?? null,
        toCode: body.to_code ?? null,
        toEmail: body.to_email ?? null,
        nameByRequester: body.name_by_requester ?? null,
        metadata,
      }),
    );
    pointTo(reply, myKeepLocation(keepId));
  }

  @Get()
  @ApiOperation({ summary: 'Your keeps, a page at a time, newest first unless sorted otherwise' })
  @ApiResourceResponse('A page of your keeps', KEEP_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListMyKeepsQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, KEEP_DEFAULT_SORT, KEEP_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListKeeps({
        filter: { partyId: caller.userId, side: query.as ?? null, state: query.state ?? null },
        page,
        reader: { userId: caller.userId, isAdmin: false },
        metadata,
      }),
    );
    return halPage(
      MY_KEEPS_PATH,
      KEEPS_EMBEDDED,
      { items: found.items.map((keep) => myKeepResource(keep, caller.userId)), totalElements: found.totalElements },
      page,
      { state: query.state, as: query.as, sort: query.sort },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your keeps, as requester or requested' })
  @ApiResourceResponse('The keep', KEEP_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, { status: 404, description: 'No such keep, or not yours', example: { detail: 'Keep was not found' } })
  async one(@Param('id', KEEP_ID) id: string, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const keep = await this.queryBus.execute(new GetKeep({ keepId: id, reader: { userId: caller.userId, isAdmin: false }, metadata }));
    return myKeepResource(keep, caller.userId);
  }

  @Put(':id/accept')
  @ApiOperation({ summary: 'Accept a keep you were asked for', description: 'Only the requested user accepts; anyone else gets 404.' })
  @ApiCommandResponse(202, 'Accepted: the keep is active')
  @ApiProblemResponses(
    {
      status: 400,
      description: 'The id is not a UUID, or a field is invalid',
      example: { errors: [{ field: 'name_by_requested', message: 'name_by_requested must be longer than or equal to 1 characters' }] },
    },
    { status: 404, description: 'No such keep, or not yours to accept', example: { detail: 'Keep was not found' } },
    {
      status: 409,
      description: 'The keep is not pending (accepted or declined already)',
      example: { detail: 'Keep 3c1e… is not waiting to be accepted', errors: [] },
    },
  )
  async accept(
    @Param('id', KEEP_ID) id: string,
    @Body() body: AcceptKeepRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(
      new AcceptKeep({ keepId: id, userId: caller.userId, nameByRequested: body.name_by_requested ?? null, metadata }),
    );
    pointTo(reply, myKeepLocation(id));
  }

  @Put(':id/decline')
  @ApiOperation({
    summary: 'Decline a keep, or end an active one, for good',
    description: 'Either side may. The other side can ask again later, as a new keep.',
  })
  @ApiCommandResponse(202, 'Declined: the keep is removed')
  @ApiProblemResponses(
    {
      status: 400,
      description: 'The id is not a UUID, or a field is invalid',
      example: { errors: [{ field: 'reason', message: 'reason must be longer than or equal to 1 characters' }] },
    },
    { status: 404, description: 'No such keep, or not yours', example: { detail: 'Keep was not found' } },
    { status: 409, description: 'The keep was declined already', example: { detail: 'Keep 3c1e… was declined already', errors: [] } },
  )
  async decline(
    @Param('id', KEEP_ID) id: string,
    @Body() body: DeclineKeepRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new DeclineKeep({ keepId: id, userId: caller.userId, reason: body.reason ?? null, metadata }));
    pointTo(reply, myKeepLocation(id));
  }
}
