// @ts-nocheck
import fc from 'fast-check';
import { expect, test } from '../../fixtures/index.js';
import { customerCommands, shopCommands } from './commands/index.js';
import { budgetFrom, exploreJourneys } from './runner.js';

// Generated journeys: random sequences of API calls by several customers (and the admin),
// each checked against the model of what API.md promises (model.ts), then properties over
// the whole sequence (properties.ts). MODEL_RUNS and MODEL_STEPS set the budget; a failure
// prints the settings that replay it. See README.md, "Generated journeys".

test.describe('generated journeys', { tag: '@model' }, () => {
  test('customers, carts, orders and payments behave as the model says', async ({ api, admin, catalogue, paymentProvider, factories, cleanup, settings }) => {
    // catalogue: the capability to add products (each sequence gets three of its own, so stock is the model's to know).
    void catalogue;
    const budget = budgetFrom(settings, factories.seed);
    test.setTimeout(budget.timeout);

    const explored = await exploreJourneys({
      title: test.info().title,
      world: { api, admin: admin.api, janitor: admin.api, provider: paymentProvider, factories, cleanup },
      commands: shopCommands,
      stocks: fc.array(fc.integer({ min: 3, max: 12 }), { minLength: 3, maxLength: 3 }),
    }, budget);

    expect(explored.commands, 'commands actually ran').toBeGreaterThan(0);
  });

  // Needs neither an admin nor leave to add products: runs on any target, staging included,
  // shopping from the demo catalogue. Stock there is shared, so no checkout.
  test('customers and carts behave as the model says, on the demo catalogue', async ({ api, adminToken, factories, cleanup, settings }) => {
    const budget = budgetFrom(settings, factories.seed);
    test.setTimeout(budget.timeout);
    const shelf = (await api.products.list({ in_stock: true, limit: 3 })).body;
    expect(shelf, 'the demo catalogue has three products in stock').toHaveLength(3);

    const explored = await exploreJourneys({
      title: test.info().title,
      world: { api, janitor: adminToken ? api.as(adminToken) : undefined, factories, cleanup, shelf },
      commands: customerCommands,
      stocks: fc.constant([]),
    }, budget);

    expect(explored.commands, 'commands actually ran').toBeGreaterThan(0);
  });
});
