import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { MessageMetadata } from '../../../service_layer/command';
import { GetDeadLetter } from '../../../service_layer/dead-letters-admin/get-dead-letter.query';
import { ListDeadLetters } from '../../../service_layer/dead-letters-admin/list-dead-letters.query';
import { ReplayDeadLetter } from '../../../service_layer/dead-letters-admin/replay-dead-letter.command';
import { REPLAY_RETRY_AFTER_SECONDS } from '../../../service_layer/dead-letters-admin/replay-dead-letter.handler';
import { ApiCommandResponse } from '../api-command-response.decorator';
import { ApiProblemResponses } from '../api-problem-responses.decorator';
import { ApiResourceResponse } from '../api-resource-response.decorator';
import { Authenticated } from '../auth/authenticated.decorator';
import { pointTo } from '../command-response';
import { halPage } from '../hal';
import { pageRequest } from '../page.query.dto';
import { RequestMetadata } from '../request-metadata.decorator';
import {
  DEAD_LETTER_PAGE_SCHEMA,
  DEAD_LETTER_RESOURCE_SCHEMA,
  DEAD_LETTERS_ADMIN_PATH,
  DEAD_LETTERS_EMBEDDED,
  deadLetterLocation,
  deadLetterResource,
} from './dead-letter.resource';
import { DEAD_LETTER_DEFAULT_SORT, DEAD_LETTER_SORT_FIELDS, ListDeadLettersQueryDto } from './list-dead-letters.query.dto';

const LETTER_ID = new ParseUUIDPipe();

/** For operators: the messages a consumer gave up on (on Kafka, where the worker sets them aside), and replaying them. */
@ApiTags('operations')
@Controller('admin/dead-letters')
@Authenticated('admin')
export class DeadLettersAdminHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Messages a consumer gave up on, newest first, e.g. those not replayed yet (?replayed=false)' })
  @ApiResourceResponse('A page of dead letters', DEAD_LETTER_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListDeadLettersQueryDto, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, DEAD_LETTER_DEFAULT_SORT, DEAD_LETTER_SORT_FIELDS);
    const replayed = query.replayed === undefined ? undefined : query.replayed === 'true';
    const found = await this.queryBus.execute(new ListDeadLetters({ filter: { consumer: query.consumer, replayed }, page, metadata }));
    return halPage(
      DEAD_LETTERS_ADMIN_PATH,
      DEAD_LETTERS_EMBEDDED,
      { items: found.items.map(deadLetterResource), totalElements: found.totalElements },
      page,
      { consumer: query.consumer, replayed: query.replayed, sort: query.sort },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter: the message, and why and where its consumer gave up on it' })
  @ApiResourceResponse('The dead letter', DEAD_LETTER_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, { status: 404, example: { detail: 'Dead letter was not found' } })
  async one(@Param('id', LETTER_ID) id: string, @RequestMetadata() metadata: MessageMetadata) {
    return deadLetterResource(await this.queryBus.execute(new GetDeadLetter({ letterId: id, metadata })));
  }

  @Post(':id/replay')
  @ApiOperation({
    summary: 'Put the message back on its topic; every consumer that already took it skips it, so replaying twice is harmless',
  })
  @ApiCommandResponse(202, 'The broker took the message again; the letter says when it was replayed')
  @ApiProblemResponses(400, 404, {
    status: 503,
    description: 'The broker did not take the message; the letter is unchanged. See Retry-After',
    example: { detail: `The broker did not take the message; try again in ${REPLAY_RETRY_AFTER_SECONDS} s` },
  })
  async replay(
    @Param('id', LETTER_ID) id: string,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new ReplayDeadLetter({ letterId: id, metadata }));
    pointTo(reply, deadLetterLocation(id));
  }
}
