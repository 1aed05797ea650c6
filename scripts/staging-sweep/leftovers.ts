import type { ApiResponse, ShopApi } from '../../api-clients/index.js';
import { ANY_ADDRESS_MARK, runOfAddress, runOfName, type RunMark } from '../../config/run-marks.js';

// What earlier runs left on a deployment, found through the admin API: every user and
// catalogue product whose name carries a run's mark, and every pending order whose
// address does. Carts need no sweep of their own: a cart is its user's, holds no stock,
// and goes with the user.

export type Kind = 'user' | 'product' | 'order';

export interface Leftover {
  kind: Kind;
  id: number;
  /** Username, sku, or the order's address. */
  name: string;
  run: RunMark;
  /** What dates it: its own created_at (users, orders), else its run's start (products have no timestamp). */
  datedAt: Date;
  datedBy: 'created_at' | 'run id';
}

const PAGE = 100;

/** Every item of a paged list (X-Total-Count), a page at a time. */
async function everything<T>(page: (offset: number) => Promise<ApiResponse<T[]>>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const response = await page(offset);
    if (!response.ok) throw new Error(`${response.describe()} answered ${response.status}: ${response.text.slice(0, 300)}`);
    all.push(...response.body);
    if (response.body.length < PAGE || all.length >= Number(response.header('x-total-count'))) return all;
  }
}

/** The suite's leftovers on the deployment `admin` (shop-api acting as an admin) talks to. */
export async function findLeftovers(admin: ShopApi): Promise<Leftover[]> {
  const [users, products, orders] = await Promise.all([
    everything((offset) => admin.users.list({ limit: PAGE, offset })),
    everything((offset) => admin.products.list({ limit: PAGE, offset })),
    everything((offset) => admin.orders.list({ scope: 'all', status: 'pending', q: ANY_ADDRESS_MARK, limit: PAGE, offset })),
  ]);
  const found: Leftover[] = [];
  for (const user of users) {
    const run = runOfName(user.username);
    if (run) found.push({ kind: 'user', id: user.id, name: user.username, run, datedAt: new Date(user.created_at), datedBy: 'created_at' });
  }
  for (const product of products) {
    const run = runOfName(product.sku);
    if (run?.startedAt) found.push({ kind: 'product', id: product.id, name: product.sku, run, datedAt: run.startedAt, datedBy: 'run id' });
  }
  for (const order of orders) {
    const run = runOfAddress(order.shipping_address);
    if (run) found.push({ kind: 'order', id: order.id, name: order.shipping_address, run, datedAt: new Date(order.created_at), datedBy: 'created_at' });
  }
  return found;
}
