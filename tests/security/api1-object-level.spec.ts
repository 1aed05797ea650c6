import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// Another customer's objects, by id: every read and write is 404 (not 403: no existence
// leak), nothing changes (re-read as the owner), and no list shows them.

test.describe('object level authorization', owaspStagingSafe('API1'), () => {
  test("another customer's order: GET and cancel are 404, and the order is untouched", async ({ customer, customers, product, shop }) => {
    const order = await shop.settled(customer, (await shop.buy(customer, product)).id);
    const intruder = await customers.create();

    const read = await intruder.api.orders.get(order.id);
    const cancel = await intruder.api.orders.cancel(order.id);
    // The ids beside it (other customers' orders, or none yet); id 0 is not an id at all (422).
    const neighbours = await Promise.all([order.id - 1, order.id + 1].filter((id) => id >= 1).map((id) => intruder.api.orders.get(id)));

    expect([read.status, cancel.status]).toEqual([404, 404]);
    expect(neighbours.map((r) => r.status)).toEqual(neighbours.map(() => 404));
    expect(read.text).not.toContain(order.shipping_address);
    expect((await customer.api.orders.get(order.id)).body).toEqual(order);
    expect((await intruder.api.orders.list()).body).toEqual([]);
  });

  test("another customer's cart item: PATCH and DELETE are 404, and the cart is untouched", async ({ customer, customers, product }) => {
    const line = ensureOk(await customer.api.cart.add(product.id, 2));
    const intruder = await customers.create();

    const change = await intruder.api.cart.setQuantity(line.id, 99);
    const remove = await intruder.api.cart.remove(line.id);

    expect([change.status, remove.status]).toEqual([404, 404]);
    expect((await customer.api.cart.get()).body.items).toEqual([line]);
    expect((await intruder.api.cart.get()).body.items).toEqual([]);
  });

  test("another user: only the public view; PUT, PATCH and DELETE are 404, and the account is untouched", async ({ customer, customers }) => {
    const intruder = await customers.create();

    const read = await intruder.api.users.get(customer.user.id);
    const writes = await Promise.all([
      intruder.api.users.put(customer.user.id, { bio: 'pwned' }),
      intruder.api.users.update(customer.user.id, { email: 'attacker@evil.test' }),
      intruder.api.users.remove(customer.user.id),
    ]);

    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual(['bio', 'created_at', 'id', 'username']);
    expect(writes.map((w) => w.status)).toEqual([404, 404, 404]);
    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });

  test('lists never leak: a customer may not list users, and sees only its own orders and cart', async ({ customer, customers, product, shop }) => {
    await shop.buy(customer, product);
    await customer.api.cart.add(product.id, 1);
    const intruder = await customers.create();

    const users = await intruder.api.users.list();
    const orders = await intruder.api.orders.list({ limit: 100 });
    const cart = await intruder.api.cart.get();

    expect(users.status).toBe(403);
    expect(users.text).not.toContain(customer.email);
    expect(orders.body).toEqual([]);
    expect(orders.header('x-total-count')).toBe('0');
    expect(cart.body.items).toEqual([]);
  });
});
