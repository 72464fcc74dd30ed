import { Controller, Get, HttpException, HttpStatus, Inject, Logger, Param, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  AcceptsFile,
  ApiCommandResponse,
  ApiProblemResponses,
  Authenticated,
  Caller,
  pointTo,
  RequestMetadata,
  ServesFile,
} from '@keepem/shared/http';
import { UploadAssetFile } from '../../service_layer/commands/upload-asset-file.command';
import { ASSETS_SETTINGS, type AssetsSettings } from '../../service_layer/ports/assets-settings.port';
import type { AssetFile } from '../../service_layer/queries/get-asset-file.query';
import { GetAssetFile } from '../../service_layer/queries/get-asset-file.query';
import { ASSET_ID, assetFileLocation } from './asset-locations';
import { ifRangeHolds, noneMatchHolds, rangeOf } from './conditional-ranges';
import { attachmentOf } from './content-disposition';
import { UploadAssetFileQueryDto } from './dto/upload-asset-file.query.dto';
import { FILE_FIELD, sentFileOf } from './sent-file';

/**
 * A download may be kept by the browser, never by a shared cache, and is checked again before each
 * use (a cheap 304): the owner may have removed the asset, or handed it on, since.
 */
const DOWNLOAD_CACHE_CONTROL = 'private, no-cache';

/** An asset's file: uploaded once, encrypted, to the URL its creation pointed to; then downloaded, decrypted. */
@ApiTags('assets')
@Controller('assets/:id/file')
@Authenticated()
export class AssetFilesHttpController {
  private readonly logger = new Logger(AssetFilesHttpController.name);

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(ASSETS_SETTINGS) private readonly settings: AssetsSettings,
  ) {}

  @Put()
  @AcceptsFile()
  @ApiOperation({
    summary: 'Upload the file of an asset you created, to the URL its creation answered with',
    description:
      'Send the file declared when the asset was created: the same name, media type and number of bytes. Either as ' +
      "`multipart/form-data` with the file, and nothing else, in field `file`; or as the raw body, sent with the file's " +
      '`Content-Type` and named by `Content-Disposition: attachment; filename="…"` (or `filename*=UTF-8\'\'…`). The file ' +
      'is encrypted as it streams in and is never held whole. Sending stops being read as soon as it has more bytes than ' +
      'declared or than MAX_UPLOAD_BYTES. A refused upload stores nothing and leaves the asset pending, so it may be sent ' +
      'again while the token is valid; a file is uploaded once.',
    requestBody: {
      required: true,
      description: 'The file, in field `file` of a form, or as the whole body with its own media type (any type, not only octet-stream)',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [FILE_FIELD],
            properties: { [FILE_FIELD]: { type: 'string', format: 'binary', description: 'the file, named as declared' } },
          },
        },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiHeader({
    name: 'Content-Disposition',
    required: false,
    description: 'For a raw body: names the file, e.g. `attachment; filename="beach.jpg"` (RFC 6266)',
    example: 'attachment; filename="beach.jpg"',
  })
  @ApiCommandResponse(201, 'Stored: the asset is active, and its file is at Location')
  @ApiProblemResponses(
    {
      status: 400,
      description:
        'The file is not the one declared (name, type, or number of bytes), the form does not hold exactly one file in ' +
        'field `file`, or the upload was cut off',
      example: {
        detail: 'The file does not match the one declared: the file is named "beach.png", but "beach.jpg" was declared',
        errors: [{ field: 'file_name', message: 'the file is named "beach.png", but "beach.jpg" was declared' }],
      },
    },
    {
      status: 401,
      description: 'Missing, invalid or expired access token, or an upload token that is missing, invalid or expired',
      example: { detail: 'The upload token is invalid or has expired; create the asset again for a new one' },
    },
    {
      status: 404,
      description: 'No such asset, not yours, or the token is for another asset or user',
      example: { detail: 'Asset was not found' },
    },
    {
      status: 408,
      description: 'No byte of the file arrived for as long as an upload holds the asset (OUTBOX_LEASE_MS): the upload was stopped',
      example: { detail: 'No byte of the file arrived for 30 s; the upload was stopped and nothing was stored' },
    },
    {
      status: 409,
      description: 'The asset already has its file, or another upload of it is in progress',
      example: { detail: 'Asset 3c1e… already has its file', errors: [] },
    },
    {
      status: 413,
      description: 'More bytes than MAX_UPLOAD_BYTES were sent (or announced by Content-Length)',
      example: {
        detail: 'Files are at most 1073741824 bytes',
        errors: [{ field: 'file_size_bytes', message: 'at most 1073741824 bytes' }],
      },
    },
  )
  async upload(
    @Param('id', ASSET_ID) id: string,
    @Query() query: UploadAssetFileQueryDto,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.commandBus.execute(
      new UploadAssetFile({
        assetId: id,
        uploadId: crypto.randomUUID(),
        uploadToken: query.upload_token ?? '',
        uploadedBy: caller.userId,
        receive: () => sentFileOf(request, this.settings.maxUploadBytes),
        metadata,
      }),
    );
    pointTo(reply, assetFileLocation(id));
  }

  @Get()
  @ServesFile()
  @ApiOperation({
    summary: 'Download the file of one of your assets, decrypted',
    description:
      'The bytes uploaded, with their media type, as an attachment named as the file. `Range: bytes=a-b`, `a-` or `-n` ' +
      'answers 206 with that part only (several ranges get the whole file); a range past the end answers 416. The ' +
      '`ETag` never changes while the file exists: `If-None-Match` with it answers 304, and `If-Range` with it keeps ' +
      'the Range. `Cache-Control: private, no-cache`: a browser may keep the file but asks again before each use. ' +
      'Pending, hidden and removed assets have no file to give (404). A download that fails halfway is cut off, ' +
      'never completed with wrong bytes.',
  })
  @ApiProduces('application/octet-stream')
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023`', example: 'bytes=0-1023' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of the copy you have', example: '"3c1e…"' })
  @ApiHeader({ name: 'If-Range', required: false, description: 'Honour Range only while the file is still this ETag' })
  @ApiResponse({ status: 200, description: 'The whole file', headers: fileHeaders(), content: binaryContent() })
  @ApiResponse({
    status: 206,
    description: 'The part of the file Range asked for',
    headers: { ...fileHeaders(), 'Content-Range': { description: 'e.g. `bytes 0-1023/52431`', schema: { type: 'string' } } },
    content: binaryContent(),
  })
  @ApiResponse({ status: 304, description: 'Your copy (If-None-Match) is the current one', headers: { ETag: fileHeaders().ETag } })
  @ApiProblemResponses(
    400,
    { status: 404, description: 'No such asset, not yours, or it has no file now', example: { detail: 'Asset was not found' } },
    {
      status: 416,
      description: 'The range starts past the end of the file; `Content-Range: bytes */{size}` tells its size',
      example: { title: 'Range Not Satisfiable', detail: 'The file has 52431 bytes; the range asked for starts past its end', errors: [] },
    },
  )
  async download(
    @Param('id', ASSET_ID) id: string,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.queryBus.execute<GetAssetFile, AssetFile>(new GetAssetFile({ assetId: id, readerId: caller.userId, metadata }));
    const etag = `"${file.revision}"`;
    const validators = { ETag: etag, 'Cache-Control': DOWNLOAD_CACHE_CONTROL };
    if (!noneMatchHolds(request.headers['if-none-match'], etag)) {
      void reply.code(HttpStatus.NOT_MODIFIED).headers(validators).send();
      return;
    }
    // Range is for GET alone (RFC 9110 §14.2): HEAD tells the whole file's headers, never 206 or 416.
    const asked =
      request.method === 'GET' && ifRangeHolds(request.headers['if-range'] as string | undefined, etag)
        ? rangeOf(request.headers.range, file.sizeBytes)
        : { kind: 'whole' as const };
    if (asked.kind === 'unsatisfiable') {
      void reply.header('Content-Range', `bytes */${file.sizeBytes}`);
      throw new HttpException(
        `The file has ${file.sizeBytes} bytes; the range asked for starts past its end`,
        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
      );
    }
    const range = asked.kind === 'partial' ? asked.range : undefined;
    void reply.headers({
      ...validators,
      'Content-Type': file.type,
      'Content-Disposition': attachmentOf(file.name),
      'Accept-Ranges': 'bytes',
      'Content-Length': String(range ? range.end - range.start + 1 : file.sizeBytes),
    });
    if (range) {
      void reply.code(HttpStatus.PARTIAL_CONTENT).header('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
    }
    if (request.method === 'HEAD') {
      // Fastify's HEAD route reads a stream to its end, and an empty body would reset Content-Length.
      void reply.send(Readable.from([]));
      return;
    }
    const content = await started(file.read(range));
    content.on('error', (error) => this.logger.error(`Download of asset ${id} failed after its answer began: ${error.message}`));
    // Fastify destroys the content if the answer closes first (the client left), which stops the storage read.
    void reply.send(content);
  }
}

/**
 * The stream once its first bytes are decrypted (or it ended): what fails before that (the key, the
 * storage) fails the request with a 500 problem instead of an answer cut off after its headers.
 */
function started(content: Readable): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      content.off('readable', onReadable).off('error', settle);
      if (error) {
        content.destroy();
        reject(error);
      } else {
        resolve(content);
      }
    };
    const onReadable = () => settle();
    content.once('readable', onReadable).once('error', settle);
  });
}

function fileHeaders() {
  return {
    'Content-Type': { description: 'the media type declared for the file', schema: { type: 'string' } },
    'Content-Length': { description: 'the bytes in this answer', schema: { type: 'integer' } },
    'Content-Disposition': { description: '`attachment; filename="…"; filename*=UTF-8\'\'…`', schema: { type: 'string' } },
    ETag: { description: 'names this file, strongly; stable while it exists', schema: { type: 'string' } },
    'Cache-Control': { description: '`private, no-cache`', schema: { type: 'string' } },
    'Accept-Ranges': { description: '`bytes`', schema: { type: 'string' } },
  };
}

function binaryContent() {
  return { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
}
