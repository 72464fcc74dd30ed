import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import { ApiResourceResponse, Authenticated, Caller, halLinks, RequestMetadata } from '@keepem/shared/http';
import { GetPendingActions } from '../../service_layer/queries/get-pending-actions.query';
import { MY_KEEPS_PATH, PENDING_ACTIONS_PATH, PENDING_ACTIONS_RESOURCE } from './keep.resource';

/** What waits for the caller's answer, as counts for a badge. */
@ApiTags('keeps')
@Controller('me/pending-actions')
export class PendingActionsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'How many keeps wait for your answer, and how many legacies wait for you',
    description: '`_links.keeps` lists the pending keeps counted: those you were asked for.',
  })
  @ApiResourceResponse('Your pending actions', PENDING_ACTIONS_RESOURCE)
  async show(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const pending = await this.queryBus.execute(new GetPendingActions({ userId: caller.userId, metadata }));
    return {
      keeps: pending.keeps,
      legacy: pending.legacy,
      _links: halLinks(PENDING_ACTIONS_PATH, { keeps: `${MY_KEEPS_PATH}?state=pending&as=requested` }),
    };
  }
}
