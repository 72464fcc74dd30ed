import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  type CompletedConfig,
  createFormatter,
  createParser,
  createProgram,
  DEFAULT_CONFIG,
  SchemaGenerator,
} from 'ts-json-schema-generator';
import type * as Typescript from 'typescript';

/**
 * The JSON Schemas of the contracts' payloads, generated from their TypeScript types, which stay the
 * source of truth: `npm run contracts:schemas` writes them beside each context's contracts, where
 * the AsyncAPI document (`GET /docs/asyncapi.json`) takes them from.
 */

type JsonSchema = { [keyword: string]: unknown };

/** A contract found in a context's contracts: `export const X = eventContract<Payload>(source, name, version)`. */
export interface DiscoveredContract {
  /** The contract's name on the wire, e.g. `users.user-registered.v1`. */
  type: string;
  payloadType: string;
}

/** The contexts that publish: each library with a `src/contracts/index.ts`, the kernel aside. */
export function publishingContexts(root = process.cwd()): string[] {
  return readdirSync(join(root, 'libs'))
    .filter((name) => name !== 'shared' && existsSync(contractsIndexOf(name, root)))
    .sort();
}

export function contractsIndexOf(context: string, root = process.cwd()): string {
  return resolve(root, 'libs', context, 'src', 'contracts', 'index.ts');
}

export function payloadSchemasFileOf(context: string, root = process.cwd()): string {
  return resolve(root, 'libs', context, 'src', 'contracts', `${context}.payload-schemas.ts`);
}

function payloadSchemasConstantOf(context: string): string {
  return `${context.toUpperCase().replace(/-/g, '_')}_PAYLOAD_SCHEMAS`;
}

/** A context's contracts compiled once, for discovery and for the schemas alike. */
interface CompiledContracts {
  program: ReturnType<typeof createProgram>;
  config: CompletedConfig;
}

function compileContracts(contractsIndex: string, root: string): CompiledContracts {
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: contractsIndex,
    tsconfig: join(root, 'tsconfig.json'),
    expose: 'none',
    topRef: false,
    additionalProperties: true,
    skipTypeCheck: true,
    jsDoc: 'extended',
  };
  return { program: createProgram(config), config };
}

/**
 * The TypeScript the generator compiles with: it may have its own copy, whose flags differ from the
 * project's, and the program it built is read with the compiler that built it.
 */
function generatorTypescript(): typeof Typescript {
  // Resolved from the repository (where npm scripts and Jest run), not from `root`, which a test moves.
  const generator = createRequire(join(process.cwd(), 'package.json')).resolve('ts-json-schema-generator');
  return createRequire(generator)('typescript') as typeof Typescript;
}

/**
 * Every contract the contracts index exports, with its name worked out as `eventContract` does it
 * (`<source>.<event-name>.v<version>`), from the literal types of its arguments.
 */
export function discoverContracts(
  contractsIndex: string,
  root = process.cwd(),
  compiled: CompiledContracts = compileContracts(contractsIndex, root),
): DiscoveredContract[] {
  // Read with the compiler that built it, through the project's declarations of the same API.
  const ts = generatorTypescript();
  const program = compiled.program as unknown as Typescript.Program;
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(contractsIndex);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) {
    throw new Error(`${contractsIndex} is not a module`);
  }
  const contracts: DiscoveredContract[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.valueDeclaration;
    if (!declaration || checker.getTypeOfSymbol(symbol).getSymbol()?.getName() !== 'EventContract') {
      continue;
    }
    const where = `${exported.getName()} in ${relative(root, declaration.getSourceFile().fileName)}`;
    const call = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    if (!call || !ts.isCallExpression(call) || call.expression.getText() !== 'eventContract') {
      throw new Error(`${where}: declare a contract as eventContract<Payload>(source, 'event-name', version)`);
    }
    const payload = call.typeArguments?.[0];
    if (call.typeArguments?.length !== 1 || !payload || !ts.isTypeReferenceNode(payload) || payload.typeArguments) {
      throw new Error(`${where}: name the payload's exported type, eventContract<Payload>(...)`);
    }
    const literal = (argument: Typescript.Expression | undefined): string => {
      const type = argument && checker.getTypeAtLocation(argument);
      if (type?.isStringLiteral() || type?.isNumberLiteral()) {
        return String(type.value);
      }
      throw new Error(`${where}: the source, event name and version must be constants`);
    };
    const [contractSource, eventName, version] = call.arguments;
    contracts.push({
      type: `${literal(contractSource)}.${literal(eventName)}.v${literal(version)}`,
      payloadType: payload.typeName.getText(),
    });
  }
  return contracts.sort((a, b) => a.type.localeCompare(b.type));
}

/**
 * The payload schema of each contract, by contract name. Fields a consumer does not know must not
 * stop it (adding a field keeps a contract's version), so no schema forbids other properties.
 * Dates travel as ISO 8601 text: a field named `*_at` is a `date-time`, and any other field says so
 * with `@format date-time` in its doc comment.
 */
export function generatePayloadSchemas(context: string, root = process.cwd()): Record<string, JsonSchema> {
  const contractsIndex = contractsIndexOf(context, root);
  const compiled = compileContracts(contractsIndex, root);
  const { program, config } = compiled;
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
  const schemas: Record<string, JsonSchema> = {};
  for (const contract of discoverContracts(contractsIndex, root, compiled)) {
    const { $schema: _draft, definitions, ...schema } = generator.createSchema(contract.payloadType) as JsonSchema;
    if (definitions && Object.keys(definitions).length > 0) {
      throw new Error(`${contract.payloadType}: a payload is plain JSON, named types inside it are not supported`);
    }
    schemas[contract.type] = { title: contract.payloadType, ...withDateTimes(schema) };
  }
  return schemas;
}

function withDateTimes(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) {
    return schema;
  }
  const typed = Object.entries(properties).map(([name, property]) => {
    const isText = property.type === 'string' || (Array.isArray(property.type) && property.type.includes('string'));
    return [name, name.endsWith('_at') && isText && !property.format ? { ...property, format: 'date-time' } : property];
  });
  return { ...schema, properties: Object.fromEntries(typed) };
}

/** The generated file's text, formatted as `npm run lint` wants it. */
export async function renderPayloadSchemasFile(context: string, root = process.cwd()): Promise<string> {
  const file = payloadSchemasFileOf(context, root);
  const text = [
    '// Generated by `npm run contracts:schemas` from the payload types of the contracts beside it: do',
    '// not edit. Change a payload type and run the script again (a unit test fails while this is stale).',
    "import type { JsonObject } from '@keepem/shared/contracts';",
    '',
    `/** The JSON Schema (draft-07) of the payload of each ${context} contract, by contract name. */`,
    `export const ${payloadSchemasConstantOf(context)}: Readonly<Record<string, JsonObject>> = ${JSON.stringify(generatePayloadSchemas(context, root))};`,
    '',
  ].join('\n');
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}
