// @ts-nocheck
import { z } from 'zod';
import { currency, id, pageQuery, text } from './fields.js';

// Products and the cart, as API.md states them; totals are checked on every response.

const cents = z.int().nonnegative();

export const Product = z.strictObject({
  id: z.int().positive(),
  sku: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  price_cents: cents,
  currency,
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
  .strictObject({ items: z.array(CartItem), total_cents: cents, currency })
  .refine((cart) => cart.total_cents === cart.items.reduce((sum, l) => sum + l.line_total_cents, 0), 'total_cents must be the sum of the lines');
export type Cart = z.infer<typeof Cart>;

// What the suite sends (see users.ts).

const sku = text().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/);
const productName = text().min(1).max(200);
const description = text().max(2000);
const priceCents = z.int().min(0).max(100_000_000);
const stock = z.int().min(0).max(1_000_000_000);

export const CreateProductRequest = z.strictObject({
  sku,
  name: productName,
  description: description.optional(),
  price_cents: priceCents,
  currency: currency.optional(),
  stock,
});
export type NewProduct = z.input<typeof CreateProductRequest>;

export const UpdateProductRequest = z.strictObject({ name: productName.optional(), description: description.optional(), price_cents: priceCents.optional(), stock: stock.optional() });
export type ProductChanges = z.input<typeof UpdateProductRequest>;

export const ListProductsQuery = z.object({ ...pageQuery, q: text().min(1).max(100).optional(), in_stock: z.stringbool().optional() });
export type ProductQuery = z.output<typeof ListProductsQuery>;

const quantity = z.int().min(1).max(99);
export const AddCartItemRequest = z.strictObject({ product_id: id, quantity });
export const UpdateCartItemRequest = z.strictObject({ quantity });
