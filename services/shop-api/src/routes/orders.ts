import { forbidden, HttpProblem, notFound, type ProblemBody } from '../lib/problem.js';
import { cancelOrder } from '../orders/cancel.js';
import { checkout } from '../orders/checkout.js';
import { claimKey, completeKey, fingerprint, releaseKey } from '../orders/idempotency.js';
import { manages, principal } from '../plugins/app/auth.js';
import { findOrder, listOrders, type OrderView } from '../repositories/orders.js';
import { bearerSecurity, ID, IdParams } from '../schemas/common.js';
import { CheckoutBody, CheckoutHeaders, ListOrdersQuery } from '../schemas/orders.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { BODY_PROBLEMS, json, problem, problems, READ_PROBLEMS } from '../schemas/responses.js';

const orders: RoutesPlugin = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.post('/orders/checkout', {
    schema: {
      operationId: 'checkout',
      tags: ['orders'],
      summary: 'Turn the cart into a pending order (payment follows asynchronously)',
      security: bearerSecurity,
      headers: CheckoutHeaders,
      body: CheckoutBody,
      // With an Idempotency-Key, a repeat gets the first 201, 409 or 422 again, marked as a replay.
      response: {
        201: json({ $ref: 'Order#' }, 'The pending order', { always: ['Location'], sometimes: ['Idempotent-Replayed'] }),
        409: problem(
          409,
          { sometimes: ['Retry-After', 'Idempotent-Replayed'] },
          'Insufficient stock, or a product no longer sold (archived); nothing changed. Or the same Idempotency-Key is still being processed (with Retry-After)',
        ),
        422: problem(422, { sometimes: ['Idempotent-Replayed'] }, 'Validation failed, the cart is empty, or the Idempotency-Key was used with another body'),
        ...problems(401, 400, 413, 415, 503),
      },
    },
  }, async (request, reply) => {
    const userId = principal(request).userId;
    /* v8 ignore next 2 -- the body schema's default has set card_token by now; `??` only tells the type checker */
    // Stryker disable next-line StringLiteral: equivalent, never evaluated (the schema's default, tok_visa, fills card_token in first)
    const input = { ...request.body, card_token: request.body.card_token ?? 'tok_visa' };
    const key = request.headers['idempotency-key'];
    if (key !== undefined) {
      const { replay } = await claimKey(app.db, userId, key, fingerprint(input));
      if (replay) {
        // The stored first response, byte for byte in meaning: the created order, or the refusal.
        reply.header('idempotent-replayed', 'true');
        if (replay.status >= 400) {
          // The first answer's request id (its log lines tell why), or this request's for one stored
          // before problems carried ids; a 422 stored before every 422 carried `errors` still leaves as a ValidationProblem.
          const stored = { request_id: request.id, ...(replay.body as ProblemBody) };
          const body = replay.status === 422 ? { errors: [], ...stored } : stored;
          return reply.code(replay.status as 409).type('application/problem+json').send(body);
        }
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
        if (err instanceof HttpProblem && err.status < 500) await completeKey(app.db, userId, key, { status: err.status, body: err.body(request.url, request.id) });
        else await releaseKey(app.db, userId, key).catch(() => {});
      }
      throw err;
    }
  });

  app.get('/orders', {
    schema: {
      operationId: 'listOrders',
      tags: ['orders'],
      summary: "The caller's orders (an admin's scope=all: everyone's), newest first, by status and address; total in X-Total-Count",
      security: bearerSecurity,
      querystring: ListOrdersQuery,
      response: {
        200: json({ type: 'array', items: { $ref: 'Order#' } }, 'One page of orders', { always: ['X-Total-Count'] }),
        ...problems(401, 403, ...READ_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const actor = principal(request);
    const { scope, status, q, limit, offset } = request.query;
    if (scope === 'all' && actor.role !== 'admin') throw forbidden('scope=all is for admins only');
    const { rows, total } = await listOrders(app.db, { ownerId: scope === 'all' ? undefined : actor.userId, status, q }, { limit, offset });
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get(`/orders/${ID}`, {
    schema: {
      operationId: 'getOrder',
      tags: ['orders'],
      summary: 'An order (owner or admin; 404 for anyone else)',
      security: bearerSecurity,
      params: IdParams,
      response: { 200: json({ $ref: 'Order#' }, 'The order'), ...problems(401, 404, ...READ_PROBLEMS, 503) },
    },
  }, async (request) => {
    const actor = principal(request);
    const order = await findOrder(app.db, request.params.id);
    if (!order || !manages(actor, order.ownerId)) throw notFound('order');
    return order.view;
  });

  app.post(`/orders/${ID}/cancel`, {
    schema: {
      operationId: 'cancelOrder',
      tags: ['orders'],
      summary: 'Cancel a pending or paid order: stock returned, a paid order refunded',
      security: bearerSecurity,
      params: IdParams,
      response: {
        200: json({ $ref: 'Order#' }, 'The cancelled order'),
        409: problem(409, {}, 'Already cancelled, or its payment failed'),
        ...problems(401, 404, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request) => {
    const { order, changed } = await cancelOrder(app.db, request.params.id, principal(request));
    await app.productCache?.invalidateProducts(changed);
    app.payments?.kick();
    return order;
  });
};
export default orders;
