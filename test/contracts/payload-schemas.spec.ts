import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assetsContracts from '@keepem/assets';
import type { EventCatalogue, EventContract, JsonObject } from '@keepem/shared/contracts';
import * as usersContracts from '@keepem/users';
import { contractsIndexOf, discoverContracts, generatePayloadSchemas, publishingContexts } from '../../scripts/contracts/payload-schemas';

const CATALOGUES: Record<string, { catalogue: EventCatalogue; exports: Record<string, unknown> }> = {
  users: { catalogue: usersContracts.USERS_EVENTS, exports: usersContracts },
  assets: { catalogue: assetsContracts.ASSETS_EVENTS, exports: assetsContracts },
};

const isContract = (value: unknown): value is EventContract<JsonObject> =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).sort().join() === 'source,type' &&
  typeof (value as EventContract<JsonObject>).type === 'string';
const typesOf = (contracts: readonly { type: string }[]) => contracts.map((contract) => contract.type).sort();

/**
 * The payload schemas are generated from the payload types (`npm run contracts:schemas`); these tests
 * fail while a generated file is out of date, or a contract is missing from its context's catalogue.
 */
describe("The contracts' payload schemas", () => {
  it('are generated for every context that publishes, and each has a catalogue here', () => {
    expect(publishingContexts()).toEqual(Object.keys(CATALOGUES).sort());
  });

  describe.each(Object.keys(CATALOGUES))('of the %s context', (context) => {
    const { catalogue, exports } = CATALOGUES[context];

    it('are what the payload types generate now (run `npm run contracts:schemas` when this fails)', () => {
      expect(catalogue.payloadSchemas).toEqual(generatePayloadSchemas(context));
    });

    it('cover every contract the context exports, each with an example, all in its catalogue', () => {
      const exported = typesOf(Object.values(exports).filter(isContract));
      expect(exported.length).toBeGreaterThan(0);
      expect(typesOf(catalogue.contracts)).toEqual(exported);
      expect(typesOf(discoverContracts(contractsIndexOf(context)))).toEqual(exported);
      expect(Object.keys(catalogue.payloadSchemas).sort()).toEqual(exported);
      expect(typesOf(catalogue.examples)).toEqual(exported);
      expect(catalogue.contracts.every((contract) => contract.source === catalogue.source)).toBe(true);
    });
  });

  describe('generated from a changed copy of the contracts', () => {
    let root: string;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'keepem-contracts-'));
      await writeFile(join(root, 'tsconfig.json'), JSON.stringify({ extends: resolve('tsconfig.json'), include: [] }));
      const contracts = join(root, 'libs', 'users', 'src', 'contracts');
      await cp(resolve('libs/users/src/contracts'), contracts, { recursive: true });
      const registered = join(contracts, 'user-registered.v1.ts');
      const text = await readFile(registered, 'utf8');
      await writeFile(
        registered,
        text.replace('  registered_at: string;', '  registered_at: string;\n  /** e.g. `en`. */\n  locale: string;'),
      );
      await writeFile(
        join(contracts, 'user-renamed.v1.ts'),
        [
          "import { eventContract } from '@keepem/shared/contracts';",
          "import { USERS_SOURCE } from './users.source';",
          '/** A user chose another username. */',
          'export type UserRenamedV1 = { user_id: string; username: string; renamed_at: string };',
          "export const USER_RENAMED_V1 = eventContract<UserRenamedV1>(USERS_SOURCE, 'user-renamed', 1);",
        ].join('\n'),
      );
      await writeFile(
        join(contracts, 'index.ts'),
        `${await readFile(join(contracts, 'index.ts'), 'utf8')}export * from './user-renamed.v1';\n`,
      );
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('differ from the committed ones: a new field and a new contract show, so a stale file fails the test above', () => {
      const changed = generatePayloadSchemas('users', root);
      expect(changed).not.toEqual(usersContracts.USERS_EVENTS.payloadSchemas);
      expect(changed['users.user-registered.v1']).toMatchObject({
        properties: { locale: { type: 'string', description: 'e.g. `en`.' } },
        required: expect.arrayContaining(['locale']),
      });
      expect(changed['users.user-renamed.v1']).toEqual({
        title: 'UserRenamedV1',
        type: 'object',
        description: 'A user chose another username.',
        properties: { user_id: { type: 'string' }, username: { type: 'string' }, renamed_at: { type: 'string', format: 'date-time' } },
        required: ['user_id', 'username', 'renamed_at'],
      });
    });
  });
});
