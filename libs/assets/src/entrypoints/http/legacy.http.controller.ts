import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
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
  type ProblemResponse,
} from '@keepem/shared/http';
import { CancelRelease } from '../../service_layer/commands/cancel-release.command';
import { ScheduleRelease } from '../../service_layer/commands/schedule-release.command';
import { TriggerRelease } from '../../service_layer/commands/trigger-release.command';
import { MY_ASSETS_PATH } from './asset-locations';
import { TRIGGER_RELEASE_EXAMPLE, TriggerReleaseRequestDto } from './dto/trigger-release.request.dto';
import { GetRelease } from '../../service_layer/queries/get-release.query';
import { RELEASE_ID, releaseLocation } from './legacy-locations';
import { RELEASE_RESOURCE_SCHEMA, releaseResource } from './release.resource';
import {
  dateOf,
  HideAndSeekRequestDto,
  InABottleRequestDto,
  optionalDateOf,
  RELEASE_EXAMPLES,
  ReleaseRequestDto,
  TimeCapsuleRequestDto,
  ToFutureSelfRequestDto,
  TransferRequestDto,
} from './dto/schedule-release.request.dto';

type ScheduleProps = Omit<
  ConstructorParameters<typeof ScheduleRelease>[0],
  'releaseId' | 'ownerId' | 'name' | 'description' | 'assets' | 'metadata'
>;

const SCHEDULE_PROBLEMS: ProblemResponse[] = [
  {
    status: 400,
    description: 'A field is invalid: a date in the past, min_date after max_date, an empty list, a reference that names nothing',
    example: {
      detail: 'The release is not valid: scheduledDate must be in the future',
      errors: [{ field: 'scheduledDate', message: 'scheduledDate must be in the future' }],
    },
  },
  {
    status: 404,
    description: 'An asset is not yours, not active (pending, or already held by a release) or unknown',
    example: { detail: 'Asset was not found' },
  },
  {
    status: 409,
    description: 'A scheduled release of yours has the same name and shares an asset with this one',
    example: { detail: 'You already have a scheduled release named "For my 50th birthday" with some of these assets', errors: [] },
  },
  {
    status: 422,
    description: 'A receiver is not an active keep of yours (named in the answer)',
    example: {
      detail: 'User 6d3c2b1a-4e5f-4a7b-9c8d-1e2f3a4b5c6d is not an active keep of yours',
      errors: [{ field: 'receivers', message: '6d3c2b1a-4e5f-4a7b-9c8d-1e2f3a4b5c6d is not an active keep of yours' }],
    },
  },
];

const NOT_A_RECEIVER = {
  status: 404,
  description: 'No such release, or you are not one of its receivers',
  example: { detail: 'Release was not found' },
};

const SCHEDULED = 'Scheduled: the assets are hidden until the release ends; GET the release at Location';

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

  @Post('to-future-self')
  @ApiOperation({
    summary: 'Leave assets to yourself, at a date',
    description: 'They leave your assets until then; from that date you may trigger the release and have them back.',
  })
  @ApiBody({ type: ToFutureSelfRequestDto, examples: { 'for a birthday': { value: RELEASE_EXAMPLES.toFutureSelf } } })
  @ApiCommandResponse(201, SCHEDULED)
  @ApiProblemResponses(...SCHEDULE_PROBLEMS.filter((problem) => problem.status !== 422))
  async toFutureSelf(
    @Body() body: ToFutureSelfRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.schedule(body, { releaseType: 'to_future_self', scheduledDate: dateOf(body.scheduled_date) }, caller, metadata, reply);
  }

  @Post('in-a-bottle')
  @ApiOperation({
    summary: 'Leave assets to keeps at a moment drawn at random between two dates, told to nobody',
    description:
      'The moment is drawn once, uniformly between `min_date` (in a month when left out) and `max_date` (in a year when left ' +
      'out); neither you nor the receivers see it before it passes. Then a receiver may trigger it.',
  })
  @ApiBody({ type: InABottleRequestDto, examples: { someday: { value: RELEASE_EXAMPLES.inABottle } } })
  @ApiCommandResponse(201, SCHEDULED)
  @ApiProblemResponses(...SCHEDULE_PROBLEMS)
  async inABottle(
    @Body() body: InABottleRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.schedule(
      body,
      {
        releaseType: 'in_a_bottle',
        receivers: body.receivers,
        minDate: optionalDateOf(body.min_date),
        maxDate: optionalDateOf(body.max_date),
      },
      caller,
      metadata,
      reply,
    );
  }

  @Post('hide-and-seek')
  @ApiOperation({
    summary: 'Leave assets to keeps, for the one who names the place',
    description: 'A receiver triggers it by naming the place (`geo_location`); case and spaces do not count. They never see it.',
  })
  @ApiBody({ type: HideAndSeekRequestDto, examples: { 'where we met': { value: RELEASE_EXAMPLES.hideAndSeek } } })
  @ApiCommandResponse(201, SCHEDULED)
  @ApiProblemResponses(...SCHEDULE_PROBLEMS)
  async hideAndSeek(
    @Body() body: HideAndSeekRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.schedule(
      body,
      { releaseType: 'hide_and_seek', receivers: body.receivers, location: body.location },
      caller,
      metadata,
      reply,
    );
  }

  @Post('time-capsule')
  @ApiOperation({
    summary: 'Leave assets to keeps, for the one who names the place once the date has come',
  })
  @ApiBody({ type: TimeCapsuleRequestDto, examples: { 'ten years on': { value: RELEASE_EXAMPLES.timeCapsule } } })
  @ApiCommandResponse(201, SCHEDULED)
  @ApiProblemResponses(...SCHEDULE_PROBLEMS)
  async timeCapsule(
    @Body() body: TimeCapsuleRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.schedule(
      body,
      { releaseType: 'time_capsule', receivers: body.receivers, location: body.location, scheduledDate: dateOf(body.scheduled_date) },
      caller,
      metadata,
      reply,
    );
  }

  @Post('transfer')
  @ApiOperation({
    summary: 'Hand assets on to keeps, at a date or at once',
    description:
      'A `gift` (the default) makes the receivers the owners instead of you; `co_ownership` makes them owners beside you. ' +
      'Without `scheduled_date` a receiver may trigger it at once.',
  })
  @ApiBody({ type: TransferRequestDto, examples: { 'the family photos': { value: RELEASE_EXAMPLES.transfer } } })
  @ApiCommandResponse(201, SCHEDULED)
  @ApiProblemResponses(...SCHEDULE_PROBLEMS)
  async transfer(
    @Body() body: TransferRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.schedule(
      body,
      {
        releaseType: 'transfer',
        receivers: body.receivers,
        scheduledDate: optionalDateOf(body.scheduled_date),
        bequest: body.bequest_type ?? 'gift',
      },
      caller,
      metadata,
      reply,
    );
  }

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

  @Post(':id/trigger')
  @ApiOperation({
    summary: 'Take a release left to you, once its conditions hold',
    description:
      'Its time must have come and, when `needs_location`, `geo_location` must name the place its owner chose. The assets ' +
      'then change hands by its bequest type, and you find them among your assets (Location). Should a receiver no longer ' +
      'be a keep of the owner, the service cancels the release instead (its assets go back to the owner) and says so (409).',
  })
  @ApiBody({ type: TriggerReleaseRequestDto, examples: { 'at the place': { value: TRIGGER_RELEASE_EXAMPLE } } })
  @ApiCommandResponse(202, 'Released: the assets are among yours at Location (a gift leaves its owner’s)')
  @ApiProblemResponses(400, NOT_A_RECEIVER, {
    status: 409,
    description:
      'A condition does not hold (named in `detail`), the release is over (released or cancelled), or the service cancelled it now',
    example: { detail: "The release's conditions are not met yet: its time has not come", errors: [] },
  })
  async trigger(
    @Param('id', RELEASE_ID) id: string,
    @Body() body: TriggerReleaseRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new TriggerRelease({ releaseId: id, userId: caller.userId, place: body.geo_location ?? null, metadata }));
    pointTo(reply, MY_ASSETS_PATH);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel a scheduled release: yours, or one left to you',
    description: 'Its assets go back to its owner as they were. A release that is over (released or cancelled) cannot be cancelled (409).',
  })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiProblemResponses(400, NOT_YOURS, {
    status: 409,
    description: 'The release is over: released or cancelled already',
    example: { detail: 'Release 0f76188a-f59a-46d3-888e-8edc18c24036 is no longer scheduled', errors: [] },
  })
  async cancel(
    @Param('id', RELEASE_ID) id: string,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ): Promise<void> {
    await this.commandBus.execute(new CancelRelease({ releaseId: id, userId: caller.userId, reason: null, metadata }));
  }

  private async schedule(
    body: ReleaseRequestDto,
    props: ScheduleProps,
    caller: AccessTokenClaims,
    metadata: MessageMetadata,
    reply: FastifyReply,
  ): Promise<void> {
    const releaseId = await this.commandBus.execute(
      new ScheduleRelease({
        ...props,
        releaseId: crypto.randomUUID(),
        ownerId: caller.userId,
        name: body.name,
        description: body.description ?? null,
        assets: body.assets,
        metadata,
      }),
    );
    pointTo(reply, releaseLocation(releaseId));
  }
}
