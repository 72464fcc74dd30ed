import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import { ApiCommandResponse, ApiProblemResponses, Authenticated, Caller, pointTo, RequestMetadata } from '@keepem/shared/http';
import { CreateAsset } from '../../service_layer/commands/create-asset.command';
import { UPLOAD_TOKENS, type UploadTokens } from '../../service_layer/ports/upload-tokens.port';
import { assetUploadLocation } from './asset-locations';
import { CREATE_ASSET_EXAMPLE, CreateAssetRequestDto } from './dto/create-asset.request.dto';

/** An owner's assets: created here, then their file is uploaded to the URL the creation points to. */
@ApiTags('assets')
@Controller('assets')
@Authenticated()
export class AssetsHttpController {
  constructor(
    private readonly commandBus: CommandBus,
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
}
