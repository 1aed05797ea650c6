import { z } from 'zod';
import { currency, pageQuery, text } from './fields.js';

export const OrderStatus = z.enum(['pending', 'paid', 'payment_failed', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Order = z
  .strictObject({
    id: z.int().positive(),
    status: OrderStatus,
    items: z
      .array(z.strictObject({ product_id: z.int().positive(), name: z.string(), unit_price_cents: z.int().nonnegative(), quantity: z.int().positive() }))
      .min(1),
    total_cents: z.int().nonnegative(),
    currency,
    shipping_address: z.string().min(1),
    payment_method: z.literal('credit_card'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    status_history: z.array(z.strictObject({ status: OrderStatus, at: z.iso.datetime() })).min(1),
  })
  .refine((o) => o.total_cents === o.items.reduce((sum, i) => sum + i.unit_price_cents * i.quantity, 0), 'total_cents must be the sum of the items')
  .refine((o) => o.status_history[0]?.status === 'pending', 'an order starts pending')
  .refine((o) => o.status_history.at(-1)?.status === o.status, 'the last status_history entry is the current status');
export type Order = z.infer<typeof Order>;

// What the suite sends (see users.ts).

export const CheckoutRequest = z.strictObject({
  shipping_address: text().min(1).max(500),
  payment_method: z.literal('credit_card'),
  card_token: text().min(1).max(64).regex(/^tok_[A-Za-z0-9_]+$/).optional(),
});
export type CheckoutRequest = z.input<typeof CheckoutRequest>;

export const ListOrdersQuery = z.object({
  ...pageQuery,
  status: OrderStatus.optional(),
  /** Text the shipping address contains. */
  q: text().min(1).max(100).optional(),
  /** all: every customer's orders (admins only). */
  scope: z.enum(['mine', 'all']).optional(),
});
export type OrderQuery = z.output<typeof ListOrdersQuery>;

/** The card tokens the fake provider understands (see services/payment-provider/README.md). */
export type CardToken =
  | 'tok_visa' | 'tok_chargeDeclined' | 'tok_processingError' | 'tok_busy' | 'tok_timeout' | 'tok_slow' | 'tok_held' | 'tok_heldDeclined' | 'tok_chargeThenHeld'
  | 'tok_garbage' | 'tok_redirect' | 'tok_hugeBody' | 'tok_notSucceeded' | 'tok_wrongAmount' | 'tok_refundRefused' | 'tok_refundUnavailable'
  // Any token it has no behaviour for: 400 unknown_token.
  | 'tok_unknown';
