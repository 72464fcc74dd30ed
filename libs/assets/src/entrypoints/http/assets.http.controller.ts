import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
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
import type { AssetDetailsProps } from '../../domain/asset-details.value-object';
import { RemoveAsset } from '../../service_layer/commands/remove-asset.command';
import { UpdateAsset } from '../../service_layer/commands/update-asset.command';
import { GetAsset } from '../../service_layer/queries/get-asset.query';
import { ASSET_RESOURCE_SCHEMA, assetResource } from './asset.resource';
import { UPDATE_ASSET_EXAMPLE, UpdateAssetRequestDto } from './dto/update-asset.request.dto';
import { CreateAsset } from '../../service_layer/commands/create-asset.command';
import { UPLOAD_TOKENS, type UploadTokens } from '../../service_layer/ports/upload-tokens.port';
import { ASSET_ID, assetLocation, assetUploadLocation } from './asset-locations';
import { CREATE_ASSET_EXAMPLE, CreateAssetRequestDto } from './dto/create-asset.request.dto';

const NOT_YOURS = { status: 404, description: 'No such asset, or not yours to see', example: { detail: 'Asset was not found' } };
const HIDDEN = {
  status: 409,
  description: 'The asset is part of a scheduled release: it cannot change until the release ends',
  example: { detail: 'Asset 3c1e… is part of a scheduled release and cannot be changed or removed until the release ends', errors: [] },
};

/** An owner's assets: created here, then their file is uploaded to the URL the creation points to. */
@ApiTags('assets')
@Controller('assets')
@Authenticated()
export class AssetsHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(UPLOAD_TOKENS) private readonly uploadTokens: UploadTokens,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create an asset, pending until its file is uploaded to the URL in Location',
    description:
      'Declare the file you will upload: its name, media type and exact size. The answer points to the upload URL, whose ' +
      '`upload_token` lets you (and only you) send that file for a few minutes (UPLOAD_TOKEN_TTL_SECONDS); it is given ' +
      'nowhere else. The declared size counts against your storage quota at once.',
  })
  @ApiBody({ type: CreateAssetRequestDto, examples: { 'a photo': { value: CREATE_ASSET_EXAMPLE } } })
  @ApiCommandResponse(201, 'Created: upload the file to Location (PUT), then GET the asset at /api/v1/assets/{id}')
  @ApiProblemResponses(
    {
      status: 400,
      description: 'A field is invalid (each is named in `errors`)',
      example: {
        detail: 'The file type is not a media type',
        errors: [{ field: 'file_type', message: 'file type must be a media type such as image/jpeg' }],
      },
    },
    {
      status: 409,
      description: 'The file would take your storage over its quota',
      example: {
        detail:
          'This file would take the storage of user 3c1e… over its quota: 499.0 MB used, 2.3 MB more asked, 500.0 MB allowed. Remove assets to make room',
        errors: [],
      },
    },
    {
      status: 413,
      description: 'The declared file is larger than MAX_UPLOAD_BYTES',
      example: {
        detail: 'Files are at most 1073741824 bytes',
        errors: [{ field: 'file_size_bytes', message: 'at most 1073741824 bytes' }],
      },
    },
    {
      status: 422,
      description: '`owners_id` names someone other than you',
      example: {
        detail: 'An asset is created with you as its only owner; others become owners when a release hands it on to them',
        errors: [{ field: 'owners_id', message: 'may list only you' }],
      },
    },
  )
  async create(
    @Body() body: CreateAssetRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const assetId = crypto.randomUUID();
    await this.commandBus.execute(
      new CreateAsset({
        assetId,
        createdBy: caller.userId,
        owners: body.owners_id ?? [],
        title: body.title,
        description: body.description ?? null,
        tags: body.tags ?? [],
        people: body.people ?? [],
        location: body.location ?? null,
        createdDate: body.created_date ?? null,
        extraPrivate: body.extra_private ?? false,
        bookmarked: body.bookmarked ?? false,
        fileName: body.file_name,
        fileType: body.file_type,
        fileSizeBytes: body.file_size_bytes,
        metadata,
      }),
    );
    pointTo(reply, assetUploadLocation(assetId, this.uploadTokens.issue({ assetId, userId: caller.userId })));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One of your assets, while it is pending or active',
    description: 'Only its owners see it: anyone else, and an owner of a hidden asset, gets 404. Its data key is never shown.',
  })
  @ApiResourceResponse('The asset', ASSET_RESOURCE_SCHEMA)
  @ApiProblemResponses(400, NOT_YOURS)
  async one(@Param('id', ASSET_ID) id: string, @Caller() caller: AccessTokenClaims, @RequestMetadata() metadata: MessageMetadata) {
    return assetResource(await this.queryBus.execute(new GetAsset({ assetId: id, readerId: caller.userId, metadata })));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change what you say about an asset: only the fields sent',
    description:
      'A merge patch: a field left out stays as it is, null clears `description`, `location` or `created_date`, and a list ' +
      'sent replaces the list. The file cannot change. Sending the same values again changes nothing.',
  })
  @ApiBody({ type: UpdateAssetRequestDto, examples: { 'a new title': { value: UPDATE_ASSET_EXAMPLE } } })
  @ApiCommandResponse(202, 'Changed; GET the asset at Location')
  @ApiProblemResponses(
    {
      status: 400,
      description: 'A field is invalid (each is named in `errors`)',
      example: { detail: 'The title is empty', errors: [{ field: 'title', message: 'title must not be blank' }] },
    },
    NOT_YOURS,
    HIDDEN,
  )
  async update(
    @Param('id', ASSET_ID) id: string,
    @Body() body: UpdateAssetRequestDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(new UpdateAsset({ assetId: id, userId: caller.userId, changes: changesOf(body), metadata }));
    pointTo(reply, assetLocation(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an asset for good: its file is deleted and its data key destroyed',
    description: 'Nobody can read its file again, even from a copy of the storage. A removed asset is gone: removing it again gets 404.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(400, NOT_YOURS, HIDDEN)
  async remove(
    @Param('id', ASSET_ID) id: string,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ): Promise<void> {
    await this.commandBus.execute(new RemoveAsset({ assetId: id, userId: caller.userId, metadata }));
  }
}

/** The fields the patch sends, in the domain's names; a field left out is not among them. */
function changesOf(body: UpdateAssetRequestDto): Partial<AssetDetailsProps> {
  const changes: Partial<AssetDetailsProps> = {
    title: body.title,
    description: body.description,
    tags: body.tags,
    people: body.people,
    location: body.location,
    createdDate: body.created_date,
    extraPrivate: body.extra_private,
    bookmarked: body.bookmarked,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
