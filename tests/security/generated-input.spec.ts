import fc from 'fast-check';
import type { z } from 'zod';
import { ensureOk, type ApiResponse } from '../../api-clients/index.js';
import { maskSecrets } from '../../api-clients/masking.js';
import { AddCartItemRequest, CreateProductRequest, ListProductsQuery, UpdateCartItemRequest, UpdateProductRequest } from '../../api-clients/schemas/catalogue.js';
import { CheckoutRequest, ListOrdersQuery } from '../../api-clients/schemas/orders.js';
import { CreateUserRequest, ListUsersQuery, LoginForm, RegisterRequest, UpdateUserRequest } from '../../api-clients/schemas/users.js';
import { expect, test } from '../../fixtures/index.js';
import { invalidInputs, toText, type BadInput } from './invalid-inputs.js';
import { owasp } from './owasp.js';

// Generated bad input, for every endpoint that takes a body or a query: fast-check
// derives invalid inputs from the suite's request schemas; each must get a 4xx problem
// (never a 5xx, never a 2xx), and nothing may be persisted (checked through the API,
// and through the database where the target gives it). The inputs come from the test's
// seed (see its annotation): FAKER_SEED=<seed> replays them exactly.

const PER_ENDPOINT = 180;
const AT_ONCE = 12;

interface Outcome {
  input: BadInput;
  status?: number;
  problem?: string;
}

/** Sends every input, a dozen at a time, and returns what each got. */
async function sendAll(inputs: BadInput[], send: (value: unknown) => Promise<ApiResponse<unknown>>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < inputs.length; i += AT_ONCE) {
    outcomes.push(
      ...(await Promise.all(
        inputs.slice(i, i + AT_ONCE).map(async (input) => {
          try {
            const response = await send(input.value);
            const shown = response.json === undefined ? response.text : JSON.stringify(maskSecrets(response.json));
            return { input, status: response.status, ...(response.status >= 400 && response.status < 500 ? {} : { problem: `answered ${response.status}: ${shown.slice(0, 300)}` }) };
          } catch (err) {
            return { input, problem: (err as Error).message.slice(0, 300) };
          }
        }),
      )),
    );
  }
  return outcomes;
}

/** Generates, sends, reports, and fails on any input that did not get a clean 4xx. */
async function fuzz(
  endpoint: string,
  seed: number,
  arbitrary: fc.Arbitrary<BadInput>,
  send: (value: unknown) => Promise<ApiResponse<unknown>>,
): Promise<void> {
  const inputs = fc.sample(arbitrary, { seed, numRuns: PER_ENDPOINT });

  const outcomes = await test.step(`${endpoint}: ${inputs.length} generated invalid inputs`, () => sendAll(inputs, send));

  const byStatus = outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.status ?? 'no answer']: (counts[String(o.status ?? 'no answer')] ?? 0) + 1 }), {});
  const failures = outcomes.filter((o) => o.problem).map((o) => `${o.input.what}: ${JSON.stringify(o.input.value).slice(0, 200)} -> ${o.problem}`);
  test.info().annotations.push({ type: 'generated inputs', description: `${endpoint}: ${inputs.length} inputs from seed ${seed}; ${JSON.stringify(byStatus)}` });
  await test.info().attach(`generated inputs: ${endpoint}`, {
    contentType: 'text/plain',
    body: [
      `${inputs.length} inputs from seed ${seed} (replay: FAKER_SEED=${seed})`,
      `by status: ${JSON.stringify(byStatus)}`,
      ...(failures.length ? ['', 'NOT A CLEAN 4xx:', ...failures] : []),
      '',
      'inputs:',
      ...outcomes.map((o) => `${o.status ?? '---'}  ${o.input.what}  ${JSON.stringify(o.input.value).slice(0, 160)}`),
    ].join('\n'),
  });
  expect(failures, `inputs that did not get a clean 4xx problem (seed ${seed})`).toEqual([]);
}

const query = (value: unknown) => new URLSearchParams(toText(value)).toString();
const body = <S extends z.ZodObject>(schema: S, valid: Record<string, unknown>) => invalidInputs(schema, valid);

test.describe('generated bad input', owasp('API8', 'API3'), () => {
  // 180 calls each: on a runner as busy as a soak makes it (load average 20 on 2 cores)
  // that takes past the default 30 s. A bound for a busy machine, not a speed claim.
  test.describe.configure({ timeout: 120_000 });

  test('POST /auth/register', async ({ api, factories, db }) => {
    const valid = factories.user({ username: `gen_${factories.unique()}` });
    await fuzz('POST /auth/register', factories.seed, body(RegisterRequest, { ...valid }), (value) => api.quiet().http.send('POST', '/auth/register', { json: value }));

    expect((await api.auth.login(valid.username, valid.password)).status).toBe(401);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM users WHERE username ILIKE $1', [`${valid.username}%`]);
    expect(rows[0]!.n).toBe(0);
  });

  test('POST /auth/login (form)', async ({ api, customer, factories }) => {
    const valid = { username: customer.username, password: customer.password };
    await fuzz('POST /auth/login', factories.seed, invalidInputs(LoginForm, valid, { asText: true }), (value) =>
      api.quiet().http.send('POST', '/auth/login', { form: value as Record<string, string> }));

    // Refused before any password was checked: no failure counted, so no throttling.
    expect((await api.auth.login(customer.username, customer.password)).status).toBe(200);
  });

  test('POST /users (admin)', async ({ admin, factories, db }) => {
    const valid = { ...factories.user({ username: `gen_${factories.unique()}` }), role: 'customer' };
    await fuzz('POST /users', factories.seed, body(CreateUserRequest, valid), (value) => admin.api.quiet().http.send('POST', '/users', { json: value }));

    expect((await admin.api.users.list({ q: valid.username })).header('x-total-count')).toBe('0');
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM users WHERE username ILIKE $1', [`${valid.username}%`]);
    expect(rows[0]!.n).toBe(0);
  });

  test('PATCH /users/me', async ({ customer, factories }) => {
    const valid = { username: factories.username(), bio: factories.bio() };
    await fuzz('PATCH /users/me', factories.seed, body(UpdateUserRequest, valid), (value) => customer.api.quiet().http.send('PATCH', '/users/me', { json: value }));

    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });

  test('GET /users (admin, query)', async ({ admin, factories }) => {
    await fuzz('GET /users', factories.seed, invalidInputs(ListUsersQuery, { limit: 10, offset: 0, is_active: true, q: 'a' }, { asText: true }), (value) =>
      admin.api.quiet().http.send('GET', `/users?${query(value)}`));
  });

  test('POST /products (admin)', async ({ admin, api, factories, db }) => {
    const sku = `GEN-${factories.unique()}`.toUpperCase();
    const valid = { sku, name: 'Generated', description: 'd', price_cents: 100, currency: 'USD', stock: 1 };
    await fuzz('POST /products', factories.seed, body(CreateProductRequest, valid), (value) => admin.api.quiet().http.send('POST', '/products', { json: value }));

    expect((await api.products.list({ q: sku })).body).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM products WHERE sku ILIKE $1', [`${sku}%`]);
    expect(rows[0]!.n).toBe(0);
  });

  test('PATCH /products/{id} (admin)', async ({ admin, api, product, factories }) => {
    await fuzz('PATCH /products/{id}', factories.seed, body(UpdateProductRequest, { name: 'Renamed', price_cents: 5, stock: 3 }), (value) =>
      admin.api.quiet().http.send('PATCH', `/products/${product.id}`, { json: value }));

    expect((await api.products.get(product.id)).body).toEqual(product);
  });

  test('GET /products (query)', async ({ api, factories }) => {
    await fuzz('GET /products', factories.seed, invalidInputs(ListProductsQuery, { limit: 10, offset: 0, q: 'mug', in_stock: true }, { asText: true }), (value) =>
      api.quiet().http.send('GET', `/products?${query(value)}`));
  });

  test('POST /cart/items', async ({ customer, product, factories }) => {
    await fuzz('POST /cart/items', factories.seed, body(AddCartItemRequest, { product_id: product.id, quantity: 1 }), (value) =>
      customer.api.quiet().http.send('POST', '/cart/items', { json: value }));

    expect((await customer.api.cart.get()).body.items).toEqual([]);
  });

  test('PATCH /cart/items/{id}', async ({ customer, product, factories }) => {
    const line = ensureOk(await customer.api.cart.add(product.id, 2));
    await fuzz('PATCH /cart/items/{id}', factories.seed, body(UpdateCartItemRequest, { quantity: 3 }), (value) =>
      customer.api.quiet().http.send('PATCH', `/cart/items/${line.id}`, { json: value }));

    expect((await customer.api.cart.get()).body.items).toEqual([line]);
  });

  test('POST /orders/checkout', async ({ customer, product, factories, db }) => {
    const line = ensureOk(await customer.api.cart.add(product.id, 1));
    const valid = { shipping_address: factories.address(), payment_method: 'credit_card', card_token: 'tok_visa' };
    await fuzz('POST /orders/checkout', factories.seed, body(CheckoutRequest, valid), (value) =>
      customer.api.quiet().http.send('POST', '/orders/checkout', { json: value }));

    expect((await customer.api.orders.list()).body).toEqual([]);
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM orders WHERE user_id = $1', [customer.user.id]);
    expect(rows[0]!.n).toBe(0);
  });

  test('GET /orders (query)', async ({ customer, factories }) => {
    await fuzz('GET /orders', factories.seed, invalidInputs(ListOrdersQuery, { limit: 10, offset: 0, status: 'pending', q: 'a', scope: 'mine' }, { asText: true }), (value) =>
      customer.api.quiet().http.send('GET', `/orders?${query(value)}`));
  });
});
