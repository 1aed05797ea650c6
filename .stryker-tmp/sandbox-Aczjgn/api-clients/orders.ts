// @ts-nocheck
import { z } from 'zod';
import type { Http } from './http.js';
import type { Sendable } from './schemas/fields.js';
import { Order, type CheckoutRequest, type OrderQuery } from './schemas/orders.js';

export function ordersClient(http: Http) {
  return {
    checkout: (request: Sendable<CheckoutRequest>, options: { idempotencyKey?: string } = {}) =>
      http.send('POST', '/orders/checkout', {
        json: request,
        headers: options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey },
        schema: Order,
      }),
    list: (query: OrderQuery = {}) => http.send('GET', '/orders', { query: { ...query }, schema: z.array(Order) }),
    get: (id: number) => http.send('GET', `/orders/${id}`, { schema: Order }),
    cancel: (id: number) => http.send('POST', `/orders/${id}/cancel`, { schema: Order }),
  };
}
