import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiCommandResponse,
  ApiProblemResponses,
  ApiResourceResponse,
  ArrayBodyPipe,
  Authenticated,
  Caller,
  pointTo,
  RequestMetadata,
} from '@keepem/shared/http';
import { MAX_REMINDERS_PER_USER } from '../../domain/reminder.value-object';
import { AddReminders } from '../../service_layer/commands/add-reminders.command';
import { RemoveReminders } from '../../service_layer/commands/remove-reminders.command';
import { GetReminders } from '../../service_layer/queries/get-reminders.query';
import {
  ADD_REMINDERS_EXAMPLE,
  MAX_REMINDERS_PER_REQUEST,
  ReminderIdentityRequestDto,
  ReminderRequestDto,
  REMOVE_REMINDERS_EXAMPLE,
} from './dto/reminder.request.dto';
import { REMINDERS_LOCATION, REMINDERS_RESOURCE_SCHEMA, remindersResource } from './reminder.resource';

const ARRAY_PROBLEM = {
  status: 400,
  example: { errors: [{ field: '0.time', message: 'time must be an ISO 8601 date and time with an offset, e.g. 2030-05-04T09:00:00Z' }] },
  description: `The body is not a JSON array of 1 to ${MAX_REMINDERS_PER_REQUEST} reminders, or an element is invalid (its fields named by index: \`0.time\`)`,
};

@ApiTags('users')
@Controller('me/reminders')
@Authenticated()
export class RemindersHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Set reminders',
    description:
      `Each reminder is named by its title and time: one named like a reminder you have replaces it. ` +
      `At most ${MAX_REMINDERS_PER_REQUEST} per request and ${MAX_REMINDERS_PER_USER} in all (beyond that, 422 and nothing changes).`,
  })
  @ApiBody({ type: ReminderRequestDto, isArray: true, examples: { 'two reminders': { value: ADD_REMINDERS_EXAMPLE } } })
  @ApiCommandResponse(201, 'Set; GET the Location for all your reminders')
  @ApiProblemResponses(ARRAY_PROBLEM, {
    status: 422,
    description: `You would have more than ${MAX_REMINDERS_PER_USER} reminders`,
    example: {
      detail: `A user keeps at most ${MAX_REMINDERS_PER_USER} reminders: you have 99, and these would make 101. Remove some first`,
      errors: [],
    },
  })
  async add(
    @Body(new ArrayBodyPipe(ReminderRequestDto, { maxItems: MAX_REMINDERS_PER_REQUEST, noun: 'reminders' })) body: ReminderRequestDto[],
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(
      new AddReminders({
        userId: caller.userId,
        reminders: body.map((reminder) => ({
          title: reminder.title,
          time: new Date(reminder.time),
          frequencyDays: reminder.frequency_days ?? 0,
          relatedUser: reminder.related_user ?? null,
        })),
        metadata,
      }),
    );
    pointTo(reply, REMINDERS_LOCATION);
  }

  @Get()
  @ApiOperation({ summary: 'Your reminders, by time and then title (all of them: the list is not paged)' })
  @ApiResourceResponse('Your reminders', REMINDERS_RESOURCE_SCHEMA)
  async list(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return remindersResource(await this.queryBus.execute(new GetReminders({ userId: caller.userId, metadata })));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove reminders',
    description: 'Each is named by its title and time. One you do not have is passed over, so removing twice is harmless.',
  })
  @ApiBody({ type: ReminderIdentityRequestDto, isArray: true, examples: { 'one reminder': { value: REMOVE_REMINDERS_EXAMPLE } } })
  @ApiNoContentResponse({ description: 'Removed (or there was nothing to remove)' })
  @ApiProblemResponses(ARRAY_PROBLEM)
  async remove(
    @Body(new ArrayBodyPipe(ReminderIdentityRequestDto, { maxItems: MAX_REMINDERS_PER_REQUEST, noun: 'reminders' }))
    body: ReminderIdentityRequestDto[],
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ): Promise<void> {
    await this.commandBus.execute(
      new RemoveReminders({
        userId: caller.userId,
        reminders: body.map((reminder) => ({ title: reminder.title, time: new Date(reminder.time) })),
        metadata,
      }),
    );
  }
}
