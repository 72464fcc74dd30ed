/**
 * The fields of a query's answer as the API shows them, described once in JSON Schema (the OpenAPI
 * 3.0 dialect Swagger and Fastify's serializer both read). The answer's TypeScript type comes from
 * the description (`FieldValues`), and Swagger and the serializer read the same description, so a
 * field cannot be in the type and missing from the answer, or the reverse.
 */
export type ViewFieldSchema = StringField | NumberField | BooleanField | ArrayField;

interface FieldCommon {
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

interface StringField extends FieldCommon {
  type: 'string';
  format?: 'uuid' | 'email' | 'date-time' | 'uri';
  enum?: readonly string[];
}

interface NumberField extends FieldCommon {
  type: 'integer' | 'number';
}

interface BooleanField extends FieldCommon {
  type: 'boolean';
}

interface ArrayField extends FieldCommon {
  type: 'array';
  items: ViewFieldSchema;
}

export type ViewFields = Readonly<Record<string, ViewFieldSchema>>;

type ValueOf<Field> = Field extends { enum: readonly (infer Value)[] }
  ? Value
  : Field extends { type: 'string' }
    ? string
    : Field extends { type: 'integer' | 'number' }
      ? number
      : Field extends { type: 'boolean' }
        ? boolean
        : Field extends { type: 'array'; items: infer Item }
          ? ValueOf<Item>[]
          : never;

/** The TypeScript shape of an answer with these fields; a `nullable` field may be null, never absent. */
export type FieldValues<Fields extends ViewFields> = {
  [Name in keyof Fields]: Fields[Name] extends { nullable: true } ? ValueOf<Fields[Name]> | null : ValueOf<Fields[Name]>;
};

/** Keeps the literal types of a description (`type: 'string'`, an `enum`'s values), so FieldValues can read them. */
export function viewFields<const Fields extends ViewFields>(fields: Fields): Fields {
  return fields;
}
