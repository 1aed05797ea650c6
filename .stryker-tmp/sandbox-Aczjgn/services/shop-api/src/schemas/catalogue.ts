// @ts-nocheck
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { Id, Pagination } from './common.js';

const Sku = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' } as const satisfies JSONSchema;
const Name = { type: 'string', minLength: 1, maxLength: 200 } as const satisfies JSONSchema;
const Description = { type: 'string', maxLength: 2000 } as const satisfies JSONSchema;
const PriceCents = { type: 'integer', minimum: 0, maximum: 100_000_000 } as const satisfies JSONSchema;
const Stock = { type: 'integer', minimum: 0, maximum: 1_000_000_000 } as const satisfies JSONSchema;
export const Currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const satisfies JSONSchema;

export const Product = {
  $id: 'Product',
  type: 'object',
  properties: {
    id: Id,
    sku: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    price_cents: { type: 'integer' },
    currency: { type: 'string' },
    stock: { type: 'integer' },
    version: { type: 'integer' },
  },
  required: ['id', 'sku', 'name', 'description', 'price_cents', 'currency', 'stock', 'version'],
} as const satisfies JSONSchema;

export const CreateProductBody = {
  type: 'object',
  properties: { sku: Sku, name: Name, description: Description, price_cents: PriceCents, currency: Currency, stock: Stock },
  required: ['sku', 'name', 'price_cents', 'stock'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const UpdateProductBody = {
  type: 'object',
  properties: { name: Name, description: Description, price_cents: PriceCents, stock: Stock },
  additionalProperties: false,
} as const satisfies JSONSchema;

export const ListProductsQuery = {
  type: 'object',
  properties: {
    ...Pagination,
    q: { type: 'string', minLength: 1, maxLength: 100 },
    in_stock: { type: 'boolean' },
  },
} as const satisfies JSONSchema;

const Quantity = { type: 'integer', minimum: 1, maximum: 99 } as const satisfies JSONSchema;

export const CartItem = {
  $id: 'CartItem',
  type: 'object',
  properties: {
    id: Id,
    product_id: Id,
    name: { type: 'string' },
    unit_price_cents: { type: 'integer' },
    quantity: { type: 'integer' },
    line_total_cents: { type: 'integer' },
  },
  required: ['id', 'product_id', 'name', 'unit_price_cents', 'quantity', 'line_total_cents'],
} as const satisfies JSONSchema;

export const Cart = {
  $id: 'Cart',
  type: 'object',
  properties: {
    items: { type: 'array', items: { $ref: 'CartItem#' } },
    total_cents: { type: 'integer' },
    currency: { type: 'string' },
  },
  required: ['items', 'total_cents', 'currency'],
} as const satisfies JSONSchema;

export const AddCartItemBody = {
  type: 'object',
  properties: { product_id: Id, quantity: Quantity },
  required: ['product_id', 'quantity'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const UpdateCartItemBody = {
  type: 'object',
  properties: { quantity: Quantity },
  required: ['quantity'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export type CreateProduct = FromSchema<typeof CreateProductBody>;
export type UpdateProduct = FromSchema<typeof UpdateProductBody>;
