import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiProblemResponses,
  ApiResourceResponse,
  Authenticated,
  Caller,
  halPage,
  pageRequest,
  RequestMetadata,
} from '@keepem/shared/http';
import { GetAssetStats } from '../../service_layer/queries/get-asset-stats.query';
import { GetAssetsOfTheWeek } from '../../service_layer/queries/get-assets-of-the-week.query';
import { GetTagCloud } from '../../service_layer/queries/get-tag-cloud.query';
import { ListAssets } from '../../service_layer/queries/list-assets.query';
import { ASSET_PAGE_SCHEMA, ASSETS_EMBEDDED, assetResource } from './asset.resource';
import {
  ASSET_STATS_SCHEMA,
  assetStatsResource,
  ASSETS_OF_THE_WEEK_SCHEMA,
  assetsOfTheWeekResource,
  TAG_CLOUD_SCHEMA,
  tagCloudResource,
} from './asset-views.resource';
import { MY_ASSETS_PATH } from './asset-locations';
import { ASSET_DEFAULT_SORT, ASSET_SORT_FIELDS, choices, ListMyAssetsQueryDto } from './dto/list-assets.query.dto';

/** What the caller owns, seen several ways: only active assets (those with their file). */
@ApiTags('assets')
@Controller('me/assets')
@Authenticated()
export class MyAssetsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Your active assets, a page at a time, newest first unless sorted otherwise',
    description: 'Filters combine: a file type among `file_types`, and a tag among `tags`, and `bookmarked` as given.',
  })
  @ApiResourceResponse('A page of your assets', ASSET_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListMyAssetsQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, ASSET_DEFAULT_SORT, ASSET_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListAssets({
        filter: {
          ownerId: caller.userId,
          states: ['active'],
          fileTypes: choices(query.file_types),
          tags: choices(query.tags),
          bookmarked: query.bookmarked === undefined ? null : query.bookmarked === 'true',
          extraPrivate: null,
        },
        page,
        reader: { userId: caller.userId, isAdmin: false },
        metadata,
      }),
    );
    return halPage(MY_ASSETS_PATH, ASSETS_EMBEDDED, { items: found.items.map(assetResource), totalElements: found.totalElements }, page, {
      file_types: query.file_types,
      bookmarked: query.bookmarked,
      tags: query.tags,
      sort: query.sort,
    });
  }

  @Get('stats')
  @ApiOperation({
    summary: 'How many active assets you have and how much they take, per major media type, against your storage quota',
    description: '`used` is what the quota counts: the declared sizes of every asset you hold, pending ones (not uploaded yet) included.',
  })
  @ApiResourceResponse('Your stats', ASSET_STATS_SCHEMA)
  async stats(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return assetStatsResource(await this.queryBus.execute(new GetAssetStats({ ownerId: caller.userId, metadata })));
  }

  @Get('of-the-week')
  @ApiOperation({
    summary: 'Two of your active assets, picked at random for the week',
    description:
      'The same two all week (ISO weeks, Monday to Sunday in UTC) while your assets stay as they are; extra-private assets are ' +
      'never picked. Fewer when you have fewer.',
  })
  @ApiResourceResponse('This week’s assets', ASSETS_OF_THE_WEEK_SCHEMA)
  async ofTheWeek(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return assetsOfTheWeekResource(await this.queryBus.execute(new GetAssetsOfTheWeek({ ownerId: caller.userId, metadata })));
  }

  @Get('tag-cloud')
  @ApiOperation({ summary: 'The 8 tags you use most on your active assets, with how many carry each' })
  @ApiResourceResponse('Your tag cloud', TAG_CLOUD_SCHEMA)
  async tagCloud(@Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return tagCloudResource(await this.queryBus.execute(new GetTagCloud({ ownerId: caller.userId, metadata })));
  }
}
