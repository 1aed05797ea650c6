import { expect, test } from '../../fixtures/index.js';
import type { Account } from '../../fixtures/setup/customers.js';
import { AT_ONCE, ROUNDS, WRITE_RACES } from './write-races.js';

// Every write operation of shop-api's /openapi.json raced (write-races.ts says what each
// race checks): the list of operations comes from the run's own document, so a new write
// operation fails the first test until it has a race or a reason why it needs none.

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

test.describe('a race on every write', { tag: '@integrity' }, () => {
  test('every write operation of /openapi.json has a race, or a reason why it needs none', ({ shopApiContract }) => {
    const writes = shopApiContract.published!.operations.list().filter((o) => WRITES.includes(o.key.split(' ')[0]!));

    expect(writes.map((o) => o.operationId).sort(), 'operations without a race: add one to write-races.ts (or a noRace reason)').toEqual(Object.keys(WRITE_RACES).sort());
  });

  for (const [operationId, entry] of Object.entries(WRITE_RACES)) {
    if (!('race' in entry)) continue;

    test(`${operationId}: ${entry.race} (${ROUNDS} rounds of ${AT_ONCE})`, async ({ api, admin, customers, catalogue, factories, cleanup, shop }) => {
      let accounts: Promise<Account[]> | undefined;
      const world = { api, admin: admin.api, customers, catalogue, factories, cleanup, shop, accounts: () => (accounts ??= customers.createMany(AT_ONCE)) };
      for (let round = 1; round <= ROUNDS; round++) {
        await test.step(`round ${round} of ${ROUNDS}`, () => entry.expectHolds(world));
      }
    });
  }
});
