import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { PLACE_MAX_LENGTH, RELEASE_DESCRIPTION_MAX_LENGTH, RELEASE_NAME_MAX_LENGTH } from '../../../domain/asset-release.aggregate';
import { ASSETS_API_PATH, ReferencesTo, USERS_API_PATH } from './references';
import { unlessLeftOut } from './create-asset.request.dto';

/** A release holds at most this many assets, and names at most this many receivers. */
export const MAX_RELEASE_ASSETS = 100;
export const MAX_RELEASE_RECEIVERS = 50;

const ISO_DATE = { strict: true, strictSeparator: true } as const;
const isoDate = (field: string) => IsISO8601(ISO_DATE, { message: `${field} must be an ISO 8601 date-time, such as 2040-06-01T09:00:00Z` });

// The examples name made-up ids: Swagger UI pre-fills them, and the answer (404) says to use one's own.
const EXAMPLE_ASSET = `${ASSETS_API_PATH}/0b6f4a4e-9a51-4d6b-8f39-3c1e5d2a7b90`;
const EXAMPLE_RECEIVER = `${USERS_API_PATH}/6d3c2b1a-4e5f-4a7b-9c8d-1e2f3a4b5c6d`;

/** What every release is created with: its name, what it is about, and the assets it holds. */
export class ReleaseRequestDto {
  @ApiProperty({
    maxLength: RELEASE_NAME_MAX_LENGTH,
    example: 'For my 50th birthday',
    description: `1 to ${RELEASE_NAME_MAX_LENGTH} characters once trimmed`,
  })
  @IsString()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RELEASE_DESCRIPTION_MAX_LENGTH, example: 'What I hoped for at 30' })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_RELEASE_ASSETS,
    example: [EXAMPLE_ASSET],
    description: 'your active assets, each by id or by its link (`/api/v1/assets/{id}`); they are hidden until the release ends',
  })
  @ReferencesTo(ASSETS_API_PATH)
  @IsArray()
  @ArrayNotEmpty({ message: 'assets must name at least one asset' })
  @ArrayMaxSize(MAX_RELEASE_ASSETS)
  @IsUUID('4', { each: true, message: 'each of assets must be an asset id or its link /api/v1/assets/{id}' })
  assets: string[];
}

/** A release to others: whom it is for. */
export class GiftRequestDto extends ReleaseRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_RELEASE_RECEIVERS,
    example: [EXAMPLE_RECEIVER],
    description: 'active keeps of yours, each by id or by its link (`/api/v1/users/{id}`)',
  })
  @ReferencesTo(USERS_API_PATH)
  @IsArray()
  @ArrayNotEmpty({ message: 'receivers must name at least one receiver' })
  @ArrayMaxSize(MAX_RELEASE_RECEIVERS)
  @IsUUID('4', { each: true, message: 'each of receivers must be a user id or its link /api/v1/users/{id}' })
  receivers: string[];
}

const scheduledDate = (description: string) =>
  ApiProperty({ type: String, format: 'date-time', example: '2040-06-01T09:00:00Z', description });

export class ToFutureSelfRequestDto extends ReleaseRequestDto {
  @scheduledDate('when the assets come back to you: a future ISO 8601 date-time')
  @isoDate('scheduled_date')
  scheduled_date: string;
}

export class InABottleRequestDto extends GiftRequestDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2030-01-01T00:00:00Z',
    description: 'the earliest it may come: a future date-time; in a month when left out',
  })
  @unlessLeftOut
  @isoDate('min_date')
  min_date?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2035-01-01T00:00:00Z',
    description: 'the latest it may come, not before min_date; a year from now (or min_date) when left out',
  })
  @unlessLeftOut
  @isoDate('max_date')
  max_date?: string;
}

const location = ApiProperty({
  maxLength: PLACE_MAX_LENGTH,
  example: 'Sagrada Família',
  description: 'the place a receiver must name to open it (case and spaces do not count); never shown to the receivers',
});

export class HideAndSeekRequestDto extends GiftRequestDto {
  @location
  @IsString()
  location: string;
}

export class TimeCapsuleRequestDto extends GiftRequestDto {
  @location
  @IsString()
  location: string;

  @scheduledDate('from when it may be opened: a future ISO 8601 date-time')
  @isoDate('scheduled_date')
  scheduled_date: string;
}

export const BEQUEST_TYPES = ['gift', 'co_ownership'] as const;

export class TransferRequestDto extends GiftRequestDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2040-06-01T09:00:00Z',
    description: 'from when it may be taken: a future ISO 8601 date-time; at once when left out',
  })
  @unlessLeftOut
  @isoDate('scheduled_date')
  scheduled_date?: string;

  @ApiPropertyOptional({
    enum: BEQUEST_TYPES,
    default: 'gift',
    description: '`gift`: the receivers own the assets instead of you; `co_ownership`: you and they own them together',
  })
  @unlessLeftOut
  @IsIn(BEQUEST_TYPES)
  bequest_type?: (typeof BEQUEST_TYPES)[number];
}

const basics = { name: 'For my 50th birthday', description: 'What I hoped for at 30', assets: [EXAMPLE_ASSET] };

/** What Swagger UI pre-fills: replace the ids with your assets' and your keeps'. */
export const RELEASE_EXAMPLES = {
  toFutureSelf: { ...basics, scheduled_date: '2040-06-01T09:00:00Z' } satisfies ToFutureSelfRequestDto,
  inABottle: {
    ...basics,
    name: 'Someday',
    receivers: [EXAMPLE_RECEIVER],
    min_date: '2030-01-01T00:00:00Z',
    max_date: '2035-01-01T00:00:00Z',
  } satisfies InABottleRequestDto,
  hideAndSeek: {
    ...basics,
    name: 'Where we met',
    receivers: [EXAMPLE_RECEIVER],
    location: 'Sagrada Família',
  } satisfies HideAndSeekRequestDto,
  timeCapsule: {
    ...basics,
    name: 'Where we met, ten years on',
    receivers: [EXAMPLE_RECEIVER],
    location: 'Sagrada Família',
    scheduled_date: '2040-06-01T09:00:00Z',
  } satisfies TimeCapsuleRequestDto,
  transfer: {
    ...basics,
    name: 'The family photos',
    receivers: [EXAMPLE_RECEIVER],
    bequest_type: 'co_ownership',
  } satisfies TransferRequestDto,
};

/** A date the validation pipe passed as ISO 8601. */
export const dateOf = (value: string): Date => new Date(value);
export const optionalDateOf = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value));
