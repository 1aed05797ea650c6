import { z } from 'zod';

// Products and the cart, as API.md states them; totals are checked on every response.

const cents = z.int().nonnegative();

export const Product = z.strictObject({
  id: z.int().positive(),
  sku: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  price_cents: cents,
  currency: z.string().regex(/^[A-Z]{3}$/),
  stock: z.int().nonnegative(),
  version: z.int().positive(),
});
export type Product = z.infer<typeof Product>;

export const CartItem = z
  .strictObject({
    id: z.int().positive(),
    product_id: z.int().positive(),
    name: z.string(),
    unit_price_cents: cents,
    quantity: z.int().min(1).max(99),
    line_total_cents: cents,
  })
  .refine((line) => line.line_total_cents === line.unit_price_cents * line.quantity, 'line_total_cents must be unit price x quantity');
export type CartItem = z.infer<typeof CartItem>;

export const Cart = z
  .strictObject({ items: z.array(CartItem), total_cents: cents, currency: z.string().regex(/^[A-Z]{3}$/) })
  .refine((cart) => cart.total_cents === cart.items.reduce((sum, l) => sum + l.line_total_cents, 0), 'total_cents must be the sum of the lines');
export type Cart = z.infer<typeof Cart>;

export interface NewProduct {
  sku: string;
  name: string;
  description?: string;
  price_cents: number;
  currency?: string;
  stock: number;
}
export interface ProductChanges {
  name?: string;
  description?: string;
  price_cents?: number;
  stock?: number;
  [other: string]: unknown;
}
export interface ProductQuery {
  limit?: number;
  offset?: number;
  q?: string;
  in_stock?: boolean;
}
