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
import { ListAssets } from '../../service_layer/queries/list-assets.query';
import { ASSET_PAGE_SCHEMA, ASSETS_EMBEDDED, assetResource } from './asset.resource';
import { ASSETS_PATH } from './asset-locations';
import { ASSET_DEFAULT_SORT, ASSET_SORT_FIELDS, ListAssetsQueryDto } from './dto/list-assets.query.dto';

/** Every asset, for administrators: what is stored and whose, never a file, a data key or where the bytes are. */
@ApiTags('assets')
@Controller('assets')
@Authenticated('admin')
export class AssetsAdminHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every asset (admin scope), a page at a time, newest first unless sorted otherwise' })
  @ApiResourceResponse('A page of assets', ASSET_PAGE_SCHEMA)
  @ApiProblemResponses(400)
  async list(@Query() query: ListAssetsQueryDto, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    const page = pageRequest(query, query.sort, ASSET_DEFAULT_SORT, ASSET_SORT_FIELDS);
    const found = await this.queryBus.execute(
      new ListAssets({
        filter: {
          ownerId: query.owner_id ?? null,
          states: query.state ? [query.state] : [],
          fileTypes: [],
          tags: [],
          bookmarked: null,
          extraPrivate: null,
        },
        page,
        reader: { userId: caller.userId, isAdmin: true },
        metadata,
      }),
    );
    return halPage(ASSETS_PATH, ASSETS_EMBEDDED, { items: found.items.map(assetResource), totalElements: found.totalElements }, page, {
      state: query.state,
      owner_id: query.owner_id,
      sort: query.sort,
    });
  }
}
