import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { Page, PageRequest } from '../../service_layer/paging';
import type { FieldValues, ViewFields } from './view-fields';
import type { DocumentedModel, ResponseSchema } from './api-resource-response.decorator';

export interface HalLink {
  href: string;
}

export type HalLinks = { self: HalLink } & Record<string, HalLink>;

/**
 * The `_links` of a HAL resource: every resource links to itself, and to what can be done with it
 * next. Build the resource as one object literal, its fields named one by one and
 * `_links: halLinks(…)` among them, rather than copying a query result and adding `_links`: an
 * answer with one literal's shape serializes faster than a spread copy.
 */
export function halLinks(self: string, more: Record<string, string> = {}): HalLinks {
  const links: HalLinks = { self: { href: self } };
  for (const [relation, href] of Object.entries(more)) {
    links[relation] = { href };
  }
  return links;
}

const HAL_LINK_SCHEMA: ResponseSchema = { type: 'object', properties: { href: { type: 'string' } }, required: ['href'] };

/**
 * The JSON Schema of a HAL resource: its own fields, all of them present in every answer (null
 * where they are empty), and `_links` with `self` (what `halLinks` builds) and the optional
 * relations named in `links`. The serializer leaves out whatever the schema does not name.
 */
export function halResourceSchema(fields: Record<string, ResponseSchema>, links: string[] = []): ResponseSchema {
  return {
    type: 'object',
    properties: {
      ...fields,
      _links: linksSchema(['self', ...links], ['self']),
    },
    required: [...Object.keys(fields), '_links'],
  };
}

/** A query's answer as a HAL resource, from the fields its query declares (`viewFields`). */
export interface HalResource<Fields extends ViewFields = ViewFields> extends DocumentedModel {
  /** Swagger's model of the answer: a class named after the resource, so the spec shows a named component. */
  readonly model: Type<HalResourceOf<Fields>>;
  /** The same answer as one JSON Schema, for Fastify's serializer (which takes no `$ref` to Swagger's components). */
  readonly schema: ResponseSchema;
}

/** The TypeScript shape of a resource's answer: its fields and its `_links`. */
export type HalResourceOf<Fields extends ViewFields> = FieldValues<Fields> & { _links: HalLinks };

/**
 * Describes a resource once for Swagger, Fastify and TypeScript: the model's properties are the
 * schema's, each declared with `@ApiProperty`, so the component and the serializer cannot disagree.
 */
export function halResource<Fields extends ViewFields>(name: string, fields: Fields, links: string[] = []): HalResource<Fields> {
  const schema = halResourceSchema(fields as Record<string, ResponseSchema>, links);
  const model = { [name]: class {} }[name] as Type<HalResourceOf<Fields>>;
  const required = new Set(schema.required);
  for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
    // An object property's own `required` lists its members; whether it is required itself is `selfRequired`.
    const presence = 'properties' in propertySchema ? { selfRequired: required.has(property) } : { required: required.has(property) };
    ApiProperty({ ...propertySchema, ...presence } as ApiPropertyOptions)(model.prototype as object, property);
  }
  return { model, schema };
}

/** A page of a list as HAL: the items, where the other pages are, and how many there are. */
export interface HalPage<Item> {
  _embedded: Record<string, Item[]>;
  _links: HalLinks;
  page: { number: number; size: number; total_elements: number; total_pages: number };
}

/**
 * Builds a page answer. `query` is what the client filtered and sorted by: every link keeps it, so
 * following `next` walks the same list.
 */
export function halPage<Item>(
  path: string,
  embedded: string,
  page: Page<Item>,
  request: Pick<PageRequest<string>, 'number' | 'size'>,
  query: Record<string, string | undefined>,
): HalPage<Item> {
  const totalPages = Math.ceil(page.totalElements / request.size);
  const last = Math.max(totalPages - 1, 0);
  const at = (number: number) => {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        parameters.set(name, value);
      }
    }
    parameters.set('page', String(number));
    parameters.set('size', String(request.size));
    return `${path}?${parameters.toString()}`;
  };
  const more: Record<string, string> = { first: at(0), last: at(last) };
  if (request.number > 0) {
    more.prev = at(Math.min(request.number - 1, last));
  }
  if (request.number < last) {
    more.next = at(request.number + 1);
  }
  return {
    _embedded: { [embedded]: page.items },
    _links: halLinks(at(request.number), more),
    page: { number: request.number, size: request.size, total_elements: page.totalElements, total_pages: totalPages },
  };
}

export function halPageSchema(embedded: string, item: ResponseSchema): ResponseSchema {
  const count = { type: 'integer' } as const;
  return {
    type: 'object',
    properties: {
      _embedded: { type: 'object', properties: { [embedded]: { type: 'array', items: item } }, required: [embedded] },
      _links: linksSchema(['self', 'first', 'prev', 'next', 'last'], ['self', 'first', 'last']),
      page: {
        type: 'object',
        properties: { number: count, size: count, total_elements: count, total_pages: count },
        required: ['number', 'size', 'total_elements', 'total_pages'],
      },
    },
    required: ['_embedded', '_links', 'page'],
  };
}

function linksSchema(relations: string[], required: string[]): ResponseSchema {
  return { type: 'object', properties: Object.fromEntries(relations.map((relation) => [relation, HAL_LINK_SCHEMA])), required };
}
