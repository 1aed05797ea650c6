import { HttpProblem, notFound, type ProblemBody } from '../lib/problem.js';
import { cancelOrder } from '../orders/cancel.js';
import { checkout } from '../orders/checkout.js';
import { claimKey, completeKey, fingerprint, releaseKey } from '../orders/idempotency.js';
import { manages, principal } from '../plugins/app/auth.js';
import { findOrder, listOrders, type OrderView } from '../repositories/orders.js';
import { bearerSecurity, COMMON_PROBLEMS, ID, IdParams, problems } from '../schemas/common.js';
import { CheckoutBody, CheckoutHeaders, ListOrdersQuery } from '../schemas/orders.js';
import type { RoutesPlugin } from '../schemas/provider.js';

const orders: RoutesPlugin = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.post('/orders/checkout', {
    schema: {
      tags: ['orders'],
      summary: 'Turn the cart into a pending order (payment follows asynchronously)',
      security: bearerSecurity,
      headers: CheckoutHeaders,
      body: CheckoutBody,
      response: { 201: { $ref: 'Order#' }, ...problems(401, 409, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const userId = principal(request).userId;
    const input = { ...request.body, card_token: request.body.card_token ?? 'tok_visa' };
    const key = request.headers['idempotency-key'];
    if (key !== undefined) {
      const { replay } = await claimKey(app.db, userId, key, fingerprint(input));
      if (replay) {
        // The stored first response, byte for byte in meaning: the created order, or the refusal.
        reply.header('idempotent-replayed', 'true');
        if (replay.status >= 400) return reply.code(replay.status as 409).type('application/problem+json').send(replay.body as ProblemBody);
        const order = replay.body as OrderView;
        return reply.code(201).header('location', `/orders/${order.id}`).send(order);
      }
    }
    try {
      const { order, changed } = await checkout(app.db, userId, input, async (tx, created) => {
        if (key !== undefined) await completeKey(tx, userId, key, { status: 201, body: created });
      });
      await app.productCache?.invalidateProducts(changed);
      app.payments?.kick();
      return reply.code(201).header('location', `/orders/${order.id}`).send(order);
    } catch (err) {
      if (key !== undefined) {
        // A refusal (409 stock, 422 empty cart) is the answer to replay; anything else frees the key.
        if (err instanceof HttpProblem && err.status < 500) await completeKey(app.db, userId, key, { status: err.status, body: err.body(request.url) });
        else await releaseKey(app.db, userId, key).catch(() => {});
      }
      throw err;
    }
  });

  app.get('/orders', {
    schema: {
      tags: ['orders'],
      summary: "The caller's orders, newest first; total in X-Total-Count",
      security: bearerSecurity,
      querystring: ListOrdersQuery,
      response: { 200: { type: 'array', items: { $ref: 'Order#' } }, ...problems(401, 422, 503) },
    },
  }, async (request, reply) => {
    const { rows, total } = await listOrders(app.db, principal(request).userId, request.query);
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get(`/orders/${ID}`, {
    schema: {
      tags: ['orders'],
      summary: 'An order (owner or admin; 404 for anyone else)',
      security: bearerSecurity,
      params: IdParams,
      response: { 200: { $ref: 'Order#' }, ...problems(401, 404, 422, 503) },
    },
  }, async (request) => {
    const actor = principal(request);
    const order = await findOrder(app.db, request.params.id);
    if (!order || !manages(actor, order.ownerId)) throw notFound('order');
    return order.view;
  });

  app.post(`/orders/${ID}/cancel`, {
    schema: {
      tags: ['orders'],
      summary: 'Cancel a pending or paid order: stock returned, a paid order refunded',
      security: bearerSecurity,
      params: IdParams,
      response: { 200: { $ref: 'Order#' }, ...problems(401, 404, 409, 422, 503) },
    },
  }, async (request) => {
    const { order, changed } = await cancelOrder(app.db, request.params.id, principal(request));
    await app.productCache?.invalidateProducts(changed);
    app.payments?.kick();
    return order;
  });
};
export default orders;
