import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Min, ValidateIf } from 'class-validator';
import {
  CREATED_DATE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  LOCATION_MAX_LENGTH,
  MAX_PEOPLE,
  MAX_TAGS,
  PERSON_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TITLE_MAX_LENGTH,
} from '../../../domain/asset-details.value-object';
import { FILE_NAME_MAX_LENGTH } from '../../../domain/declared-file.value-object';

/** A list longer than this is refused before it is read: the domain's own limits are far below it. */
export const MAX_LIST_ITEMS = 200;

/** Present or left out, never null: null is for what may be cleared. */
export const unlessLeftOut = ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * What the owner says about an asset, the same in a creation and in a change. The texts are
 * trimmed and checked against the domain's limits there, so both answer alike.
 */
export class AssetDetailsRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: DESCRIPTION_MAX_LENGTH,
    example: 'Her roses, the summer before she moved',
  })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TAGS,
    example: ['family', 'summer'],
    description: `at most ${MAX_TAGS} tags of ${TAG_MAX_LENGTH} characters; lower-cased, duplicates kept once`,
  })
  @unlessLeftOut
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_PEOPLE,
    example: ['Grandma Rose'],
    description: `who is in it: at most ${MAX_PEOPLE} names of ${PERSON_MAX_LENGTH} characters`,
  })
  @unlessLeftOut
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @IsString({ each: true })
  people?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LOCATION_MAX_LENGTH, example: 'Lyon' })
  @IsOptional()
  @IsString()
  location?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: CREATED_DATE_MAX_LENGTH,
    example: 'summer 1998',
    description: 'when the memory is from, in your words',
  })
  @IsOptional()
  @IsString()
  created_date?: string | null;

  @ApiPropertyOptional({ default: false, description: 'never picked for "of the week"' })
  @unlessLeftOut
  @IsBoolean()
  extra_private?: boolean;

  @ApiPropertyOptional({ default: false })
  @unlessLeftOut
  @IsBoolean()
  bookmarked?: boolean;
}

export class CreateAssetRequestDto extends AssetDetailsRequestDto {
  @ApiProperty({
    maxLength: TITLE_MAX_LENGTH,
    example: 'Grandma’s garden',
    description: `1 to ${TITLE_MAX_LENGTH} characters once trimmed`,
  })
  @IsString()
  title: string;

  @ApiProperty({ example: 'image/jpeg', description: 'the media type of the file you will upload' })
  @IsString()
  file_type: string;

  @ApiProperty({
    maxLength: FILE_NAME_MAX_LENGTH,
    example: 'garden.jpg',
    description: 'the name of the file you will upload, without a path',
  })
  @IsString()
  file_name: string;

  @ApiProperty({ type: 'integer', minimum: 0, example: 2_400_000, description: 'the exact size of the file you will upload, in bytes' })
  @IsInt()
  @Min(0)
  file_size_bytes: number;

  // No example: Swagger UI would pre-fill it, and a made-up id is nobody's.
  @ApiPropertyOptional({
    type: [String],
    description: 'the owners: only you for now (leave it out, or list your own id); others become owners through a release',
  })
  @unlessLeftOut
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @IsUUID('4', { each: true })
  owners_id?: string[];
}

/** What Swagger UI pre-fills: valid as it stands, so a first "Execute" creates an asset. */
export const CREATE_ASSET_EXAMPLE = {
  title: 'Grandma’s garden',
  description: 'Her roses, the summer before she moved',
  file_type: 'image/jpeg',
  file_name: 'garden.jpg',
  file_size_bytes: 2_400_000,
  tags: ['family', 'summer'],
  people: ['Grandma Rose'],
  location: 'Lyon',
  created_date: 'summer 1998',
} satisfies CreateAssetRequestDto;
