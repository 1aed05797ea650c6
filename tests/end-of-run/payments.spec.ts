import { addressesOfRun } from '../../config/run-marks.js';
import type { ChargeAttempt, ProviderRefund } from '../../api-clients/schemas/payment-provider.js';
import { expect, test } from '../../fixtures/index.js';

// Runs after every other project (see playwright.config.ts): over everything the run
// did, shop-api's orders and the provider's charges must agree, one for one.

interface StoredOrder {
  id: number;
  status: string;
  total_cents: number;
  /** Set when a refund was due: 'pending', 'done', or 'failed' (given up, left to a person). */
  refund_state: string | null;
}

/** Every disagreement between the orders and the provider's records, in words. */
function disagreements(orders: StoredOrder[], attempts: ChargeAttempt[], refunds: ProviderRefund[]): string[] {
  const charges = new Map(attempts.filter((a) => a.outcome === 'succeeded' && a.charge_id).map((a) => [a.charge_id!, a]));
  const refunded = new Set(refunds.map((r) => r.charge_id));
  const chargesOf = (orderId: number) => [...charges.values()].filter((c) => c.order_id === orderId);
  const rules: Record<string, (order: StoredOrder, own: ChargeAttempt[]) => boolean> = {
    paid: (order, own) => own.length === 1 && own[0]!.amount_cents === order.total_cents && !refunded.has(own[0]!.charge_id!),
    payment_failed: (_order, own) => own.length === 0,
    // Refunded, unless shop-api gave the refund up (the provider refused it): then it is
    // not refunded at the provider either, and the attachment lists it for a person.
    cancelled: (order, own) => own.every((c) => refunded.has(c.charge_id!) || order.refund_state === 'failed') && own.length <= 1,
  };
  const known = new Set(orders.map((o) => o.id));
  return [
    ...orders
      .filter((order) => !(rules[order.status] ?? (() => false))(order, chargesOf(order.id)))
      .map((order) => `${order.status} order ${order.id} (${order.total_cents}) has charges ${JSON.stringify(chargesOf(order.id).map((c) => [c.charge_id, c.amount_cents, refunded.has(c.charge_id!)]))}`),
    ...[...charges.values()].filter((c) => !known.has(c.order_id)).map((c) => `charge ${c.charge_id} belongs to no order (${c.order_id})`),
  ];
}

const countByStatus = (orders: StoredOrder[]): string =>
  Object.entries(orders.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.status]: (counts[o.status] ?? 0) + 1 }), {}))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');

test('paid orders and successful provider charges match one for one, amounts equal', { tag: ['@integrity', '@invariant'] }, async ({ db, paymentProvider, manifest }) => {
  // This run's orders only (their shipping address names the run): a run of one file, a
  // tag or a shard checks what it did, and staging's older orders are not ours to judge.
  const thisRun = addressesOfRun(manifest.runId);

  await test.step('wait until no order of this run is pending and no refund is due', async () => {
    await expect
      .poll(async () => {
        const { rows } = await db.query<{ n: number }>(
          "SELECT count(*)::integer AS n FROM orders WHERE shipping_address LIKE $1 AND (status = 'pending' OR refund_state = 'pending')",
          [thisRun],
        );
        return rows[0]!.n;
      }, { message: 'orders still settling', timeout: 30_000, intervals: [100, 250, 500, 1000] })
      .toBe(0);
  });

  const { rows: orders } = await db.query<StoredOrder>('SELECT id, status, total_cents, refund_state FROM orders WHERE shipping_address LIKE $1 ORDER BY id', [thisRun]);
  test.skip(orders.length === 0, 'nothing to check: the tests this run selected placed no order');
  const [attempts, refunds] = await Promise.all([paymentProvider.attempts(), paymentProvider.refunds()]);
  // Charges for this run's orders, and charges for orders that do not exist at all.
  const chargedIds = [...new Set(attempts.body.map((a) => a.order_id))];
  const { rows: existing } = await db.query<{ id: number }>('SELECT id FROM orders WHERE id = ANY($1)', [chargedIds]);
  const ours = new Set(orders.map((o) => o.id));
  const known = new Set(existing.map((o) => o.id));
  const relevant = (orderId: number) => ours.has(orderId) || !known.has(orderId);
  const broken = disagreements(orders, attempts.body.filter((a) => relevant(a.order_id)), refunds.body.filter((r) => relevant(r.order_id)));

  await test.info().attach('orders and charges', {
    contentType: 'text/plain',
    body:
      `orders of run ${manifest.runId} by status: ${countByStatus(orders)}\n` +
      `refunds: ${refunds.body.filter((r) => ours.has(r.order_id)).length}; refunds given up (for a person): ${orders.filter((o) => o.refund_state === 'failed').map((o) => o.id).join(', ') || 'none'}\n${broken.length ? `BROKEN:\n${broken.join('\n')}` : 'every order and every charge agree'}`,
  });
  expect(broken).toEqual([]);
});
