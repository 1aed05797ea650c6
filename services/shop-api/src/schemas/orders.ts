import type { JSONSchema } from 'json-schema-to-ts';
import { Id, Pagination, Timestamp } from './common.js';

export const ORDER_STATUSES = ['pending', 'paid', 'payment_failed', 'cancelled'] as const;

export const Order = {
  $id: 'Order',
  type: 'object',
  properties: {
    id: Id,
    status: { type: 'string', enum: ORDER_STATUSES },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          product_id: Id,
          name: { type: 'string' },
          unit_price_cents: { type: 'integer' },
          quantity: { type: 'integer' },
        },
        required: ['product_id', 'name', 'unit_price_cents', 'quantity'],
      },
    },
    total_cents: { type: 'integer' },
    currency: { type: 'string' },
    shipping_address: { type: 'string' },
    payment_method: { type: 'string' },
    created_at: Timestamp,
    updated_at: Timestamp,
    status_history: {
      type: 'array',
      items: {
        type: 'object',
        properties: { status: { type: 'string', enum: ORDER_STATUSES }, at: Timestamp },
        required: ['status', 'at'],
      },
    },
  },
  required: ['id', 'status', 'items', 'total_cents', 'currency', 'shipping_address', 'payment_method', 'created_at', 'updated_at', 'status_history'],
} as const satisfies JSONSchema;

export const CheckoutBody = {
  type: 'object',
  properties: {
    shipping_address: { type: 'string', minLength: 1, maxLength: 500 },
    payment_method: { type: 'string', enum: ['credit_card'] },
    card_token: { type: 'string', minLength: 1, maxLength: 64, pattern: '^tok_[A-Za-z0-9_]+$', default: 'tok_visa' },
  },
  required: ['shipping_address', 'payment_method'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const CheckoutHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description: 'Same key + same body replays the first response; a different body is 422; while the first runs, 409',
    },
  },
} as const satisfies JSONSchema;

export const ListOrdersQuery = {
  type: 'object',
  properties: {
    ...Pagination,
    status: { type: 'string', enum: ORDER_STATUSES, description: 'Only orders in this status' },
    q: { type: 'string', minLength: 1, maxLength: 100, description: 'Only orders whose shipping address contains this text (case-insensitive)' },
    scope: {
      type: 'string',
      enum: ['mine', 'all'],
      default: 'mine',
      description: "mine: the caller's orders; all: every customer's, deleted customers' included (admins only: 403 for others)",
    },
  },
} as const satisfies JSONSchema;
