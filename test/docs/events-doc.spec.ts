import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASSETS_EVENTS, ASSETS_SUBSCRIPTIONS } from '@keepem/assets';
import { USERS_EVENTS, USERS_SUBSCRIPTIONS } from '@keepem/users';

/** docs/events.md summarises the catalogue in a table: one row per contract, with the Keepem consumers of it. */
describe('The catalogue table of docs/events.md', () => {
  const rows = new Map(
    readFileSync(resolve('docs/events.md'), 'utf8')
      .split('\n')
      .map((line) => /^\| `([a-z-]+\.[a-z-]+\.v\d+)` \| `[a-z_]+` \|(.*)\|$/.exec(line))
      .filter((match) => match !== null)
      .map(([, type, consumers]) => [type, [...consumers.matchAll(/`([^`]+)`/g)].map(([, name]) => name).sort()]),
  );

  it('has a row for every contract, naming the consumers that read it', () => {
    const contracts = [USERS_EVENTS, ASSETS_EVENTS].flatMap((catalogue) => catalogue.contracts);
    const subscriptions = [...USERS_SUBSCRIPTIONS, ...ASSETS_SUBSCRIPTIONS];
    expect([...rows.keys()].sort()).toEqual(contracts.map((contract) => contract.type).sort());
    for (const contract of contracts) {
      const readers = subscriptions.filter((subscription) => subscription.contract.type === contract.type).map((s) => s.consumer);
      expect({ contract: contract.type, consumers: rows.get(contract.type) }).toEqual({
        contract: contract.type,
        consumers: readers.sort(),
      });
    }
  });
});
