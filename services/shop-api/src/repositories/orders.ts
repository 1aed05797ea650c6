import type pg from 'pg';
import { likePattern, paginate, type Page } from '../db/paginate.js';
import type { ProductVersion } from './products.js';

export type OrderStatus = 'pending' | 'paid' | 'payment_failed' | 'cancelled';

export type OrderRow = {
  id: number;
  user_id: number;
  status: OrderStatus;
  total_cents: number;
  currency: string;
  shipping_address: string;
  payment_method: string;
  created_at: Date;
  updated_at: Date;
};

export type OrderView = Omit<OrderRow, 'user_id'> & {
  items: { product_id: number; name: string; unit_price_cents: number; quantity: number }[];
  status_history: { status: OrderStatus; at: string }[];
};

type Queryable = pg.Pool | pg.PoolClient;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// An order with its items and history in ONE statement, so that all three come from
// the same snapshot: read separately, a payment landing in between would show a
// status that its history does not have yet.
const VIEW_COLUMNS = `o.id, o.user_id, o.status, o.total_cents, o.currency, o.shipping_address, o.payment_method,
  o.created_at, o.updated_at,
  (SELECT coalesce(json_agg(json_build_object('product_id', i.product_id, 'name', i.name,
            'unit_price_cents', i.unit_price_cents, 'quantity', i.quantity) ORDER BY i.product_id), '[]')
   FROM order_items i WHERE i.order_id = o.id) AS items,
  (SELECT coalesce(json_agg(json_build_object('status', h.status, 'at', ${iso('h.at')}) ORDER BY h.id), '[]')
   FROM order_status_history h WHERE h.order_id = o.id) AS status_history`;

type OrderViewRow = OrderView & { user_id: number };

const view = ({ user_id: _owner, ...order }: OrderViewRow): OrderView => order;

/** The order (with its owner, for access checks) and its details. */
export async function findOrder(db: Queryable, id: number): Promise<{ ownerId: number; view: OrderView } | undefined> {
  const { rows } = await db.query<OrderViewRow>(`SELECT ${VIEW_COLUMNS} FROM orders o WHERE o.id = $1`, [id]);
  return rows[0] && { ownerId: rows[0].user_id, view: view(rows[0]) };
}

export interface OrderFilter {
  /** Only this user's orders; undefined for everyone's (an admin's scope=all). */
  ownerId: number | undefined;
  status?: OrderStatus | undefined;
  /** Text the shipping address contains. */
  q?: string | undefined;
}

/** One page of orders, newest first. */
export async function listOrders(db: pg.Pool, filter: OrderFilter, page: Page): Promise<{ rows: OrderView[]; total: number }> {
  const { rows, total } = await paginate<OrderViewRow>(
    db,
    {
      select: VIEW_COLUMNS,
      from: `orders o WHERE ($1::integer IS NULL OR o.user_id = $1) AND ($2::text IS NULL OR o.status = $2)
               AND ($3::text IS NULL OR o.shipping_address ILIKE $3)`,
      orderBy: 'o.id DESC',
      params: [filter.ownerId ?? null, filter.status ?? null, likePattern(filter.q)],
    },
    page,
  );
  return { rows: rows.map(view), total };
}

export async function recordStatus(db: Queryable, orderId: number, status: OrderStatus): Promise<void> {
  await db.query('INSERT INTO order_status_history (order_id, status) VALUES ($1, $2)', [orderId, status]);
}

/** Puts the order's quantities back on the shelf (a cancelled or failed order); returns the products changed. */
export async function returnStock(db: Queryable, orderId: number): Promise<ProductVersion[]> {
  const { rows } = await db.query<ProductVersion>(
    `UPDATE products p SET stock = p.stock + oi.quantity, version = p.version + 1, updated_at = now()
     FROM order_items oi WHERE oi.order_id = $1 AND p.id = oi.product_id
     RETURNING p.id, p.version`,
    [orderId],
  );
  return rows;
}
