import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { PageRequest, SortDirection } from '../../service_layer/paging';

export const MAX_PAGE_SIZE = 100;

/** `?page=0&size=20`, shared by every list; each list adds its filters and its `sort` rule. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'which page, from 0' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  page = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  size = 20;
}

/** A list's sortable fields: the API's name of each (snake_case) and the service layer's field it stands for. */
export type SortFields<Field extends string> = Readonly<Record<string, Field>>;

/** The rule a list's `sort` (`field` or `field,asc|desc`) must follow, naming the fields it allows. */
export function sortPattern(fields: SortFields<string>): RegExp {
  return new RegExp(`^(${Object.keys(fields).join('|')})(,(asc|desc))?$`);
}

/** The page request a list query asks for, in the service layer's field names; `sort` has passed `sortPattern`. */
export function pageRequest<Field extends string>(
  query: PageQueryDto,
  sort: string | undefined,
  fallback: `${string},${SortDirection}`,
  fields: SortFields<Field>,
): PageRequest<Field> {
  const [apiField, direction = 'asc'] = (sort ?? fallback).split(',') as [string, SortDirection?];
  return { number: query.page, size: query.size, sort: { field: fields[apiField], direction } };
}
