import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { Holds } from './holds.js';
import { Ledger, type Attempt, type ChargeRequest, type RefundAttempt } from './ledger.js';

export interface ProviderSettings {
  /** How long tok_slow takes to succeed. */
  slowMs: number;
  /** How long tok_timeout takes to answer. */
  timeoutMs: number;
  /** How many attempts per idempotency key tok_processingError fails before it succeeds. */
  processingErrorFailures: number;
}

const ChargeBody = {
  type: 'object',
  properties: {
    amount_cents: { type: 'integer', minimum: 1 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    token: { type: 'string', minLength: 1, maxLength: 64 },
    order_id: { type: 'integer', minimum: 1 },
  },
  required: ['amount_cents', 'currency', 'token', 'order_id'],
  additionalProperties: false,
} as const;

const error = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: { code, message } });

/**
 * The fake card processor. Behaviour is chosen by the card token, so parallel tests
 * never share state:
 *   tok_visa             201 succeeded
 *   tok_chargeDeclined   402 card_declined
 *   tok_processingError  500 for the first attempts of a key, then succeeded
 *   tok_busy             429 to a key's first attempt, 408 to its second, then succeeded
 *   tok_timeout          answers only after timeoutMs (30 s)
 *   tok_slow             succeeded after slowMs (1.5 s)
 *   tok_held             succeeded, answered only once a test releases the order's hold
 *                        (POST /v1/holds/release): "slow" without a clock
 *   tok_heldDeclined     402 card_declined, answered only once a test releases the order's hold
 *   tok_chargeThenHeld   charged at once, answered only once released: a client that
 *                        hangs up meanwhile has been charged without hearing so
 *   tok_garbage          200 with a body that is not JSON
 *   tok_redirect         302 to somewhere else
 *   tok_hugeBody         201 "succeeded" with a 2 MB body
 *   tok_notSucceeded     201 with a charge whose status is "pending", not "succeeded"
 *   tok_wrongAmount      201 "succeeded" for one cent more than asked
 *   tok_refundRefused    charged as tok_visa; a refund of the charge is refused (400)
 *   tok_refundUnavailable charged as tok_visa; a refund of the charge is never possible (503)
 * (the last three charge nothing: they stand for a provider, or something posing as one,
 * whose answer must never be taken for a payment)
 * A client that gives up on another delayed answer is not charged (the attempt is "abandoned").
 */
export function buildProvider(settings: ProviderSettings, logger: FastifyServerOptions['logger'] = false) {
  const app = Fastify({ logger, exposeHeadRoutes: false });
  const ledger = new Ledger();
  const holds = new Holds();

  app.setErrorHandler((err: { statusCode?: number; message: string; validation?: unknown }, _request, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    return error(reply, status, err.validation ? 'invalid_request' : 'error', status < 500 ? err.message : 'internal error');
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async () => ({ status: 'ready' }));

  app.post<{ Body: ChargeRequest }>('/v1/charges', { schema: { body: ChargeBody } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      return error(reply, 400, 'idempotency_key_required', 'send an Idempotency-Key header (1..255 characters)');
    }
    const body = request.body;
    const attempt = ledger.record(key, body);
    const state = ledger.key(key, body);
    const finish = (status: number, outcome: Attempt['outcome'], payload: unknown) => {
      attempt.status_code = status;
      attempt.outcome = outcome;
      return reply.code(status).send(payload);
    };
    if (!state) return finish(409, 'rejected', { error: { code: 'idempotency_key_reused', message: 'this key was used with another request' } });

    const succeed = () => {
      const { charge, replayed } = ledger.chargeFor(state, body);
      attempt.charge_id = charge.id;
      attempt.replayed = replayed;
      return finish(201, 'succeeded', { id: charge.id, status: charge.status, amount_cents: charge.amount_cents, currency: charge.currency });
    };
    // The response closing before we answered means the client hung up.
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    // A delayed answer: if the client hangs up first, nothing is charged.
    const decline = () => finish(402, 'declined', { error: { code: 'card_declined', message: 'the card was declined' } });
    const answerAfter = async (wait: (signal: AbortSignal) => Promise<unknown>, answer: () => unknown) => {
      try {
        await wait(gone.signal);
      } catch {
        attempt.outcome = 'abandoned';
        return reply;
      }
      return answer();
    };
    const succeedAfter = (wait: (signal: AbortSignal) => Promise<unknown>) => answerAfter(wait, succeed);
    // Charged at once, answered when released: a client that hangs up meanwhile loses only the answer.
    const chargeThenAnswerWhenReleased = async (wait: (signal: AbortSignal) => Promise<unknown>) => {
      const { charge, replayed } = ledger.chargeFor(state, body);
      attempt.charge_id = charge.id;
      attempt.replayed = replayed;
      attempt.outcome = 'succeeded';
      await wait(gone.signal).catch(() => {});
      return finish(201, 'succeeded', { id: charge.id, status: charge.status, amount_cents: charge.amount_cents, currency: charge.currency });
    };
    const after = (ms: number) => (signal: AbortSignal) => delay(ms, undefined, { signal });
    const released = (signal: AbortSignal) => holds.released(body.order_id, signal);

    switch (body.token) {
      case 'tok_visa':
      case 'tok_refundRefused':
      case 'tok_refundUnavailable':
        return succeed();
      case 'tok_chargeDeclined':
        return decline();
      case 'tok_processingError':
        if (state.failures < settings.processingErrorFailures) {
          state.failures += 1;
          return finish(500, 'processing_error', { error: { code: 'processing_error', message: 'try again' } });
        }
        return succeed();
      case 'tok_busy':
        // What a processor under load answers: too many requests, then a request time-out.
        if (state.failures < 2) {
          state.failures += 1;
          return state.failures === 1
            ? finish(429, 'busy', { error: { code: 'rate_limited', message: 'too many requests; try again' } })
            : finish(408, 'busy', { error: { code: 'request_timeout', message: 'the request took too long; try again' } });
        }
        return succeed();
      case 'tok_timeout':
        return succeedAfter(after(settings.timeoutMs));
      case 'tok_slow':
        return succeedAfter(after(settings.slowMs));
      case 'tok_held':
        return succeedAfter(released);
      case 'tok_heldDeclined':
        return answerAfter(released, decline);
      case 'tok_chargeThenHeld':
        return chargeThenAnswerWhenReleased(released);
      case 'tok_garbage':
        attempt.status_code = 200;
        attempt.outcome = 'garbage';
        return reply.code(200).type('text/html').send('<html><body>Service temporarily unavailable</body></html>');
      case 'tok_redirect':
        attempt.status_code = 302;
        attempt.outcome = 'garbage';
        return reply.code(302).header('location', 'http://127.0.0.1:9/v1/charges').send();
      case 'tok_hugeBody':
        attempt.status_code = 201;
        attempt.outcome = 'garbage';
        return reply.code(201).send({ id: `ch_huge_${attempt.id}`, status: 'succeeded', amount_cents: body.amount_cents, currency: body.currency, padding: 'x'.repeat(2 * 1024 * 1024) });
      case 'tok_notSucceeded':
      case 'tok_wrongAmount':
        attempt.status_code = 201;
        attempt.outcome = 'garbage';
        return reply.code(201).send(body.token === 'tok_notSucceeded'
          ? { id: `ch_odd_${attempt.id}`, status: 'pending', amount_cents: body.amount_cents, currency: body.currency }
          : { id: `ch_odd_${attempt.id}`, status: 'succeeded', amount_cents: body.amount_cents + 1, currency: body.currency });
      default:
        return finish(400, 'rejected', { error: { code: 'unknown_token', message: `no behaviour for token ${body.token}` } });
    }
  });

  app.post<{ Body: { charge_id: string } }>('/v1/refunds', {
    schema: {
      body: {
        type: 'object',
        properties: { charge_id: { type: 'string', minLength: 1 } },
        required: ['charge_id'],
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const chargeId = request.body.charge_id;
    const charge = ledger.charges.get(chargeId);
    const answer = (status: number, outcome: RefundAttempt['outcome'], payload: unknown) => {
      ledger.recordRefundAttempt(chargeId, charge, status, outcome);
      return reply.code(status).send(payload);
    };
    if (!charge) return answer(404, 'unknown_charge', { error: { code: 'charge_not_found', message: `no charge ${chargeId}` } });
    if (charge.token === 'tok_refundRefused') return answer(400, 'refused', { error: { code: 'refund_refused', message: 'this charge cannot be refunded' } });
    if (charge.token === 'tok_refundUnavailable') return answer(503, 'unavailable', { error: { code: 'unavailable', message: 'refunds are unavailable; try again' } });
    const { refund, replayed } = ledger.refund(charge);
    return answer(replayed ? 200 : 201, replayed ? 'replayed' : 'refunded', refund);
  });

  // What the provider received, for tests: every refund request (optionally for one order).
  app.get<{ Querystring: { order_id?: number } }>('/v1/refunds/attempts', {
    schema: { querystring: { type: 'object', properties: { order_id: { type: 'integer', minimum: 1 } } } },
  }, async (request) => {
    const { order_id: orderId } = request.query;
    return ledger.refundAttempts.filter((a) => orderId === undefined || a.order_id === orderId);
  });

  // For tests: answers held for an order (tok_held, tok_chargeThenHeld) go out now, and later
  // attempts for it are answered at once.
  app.post<{ Body: { order_id: number } }>('/v1/holds/release', {
    schema: {
      body: {
        type: 'object',
        properties: { order_id: { type: 'integer', minimum: 1 } },
        required: ['order_id'],
        additionalProperties: false,
      },
    },
  }, async (request) => ({ order_id: request.body.order_id, released: holds.release(request.body.order_id) }));

  // What the provider received, for tests: every attempt (optionally for one order).
  app.get<{ Querystring: { order_id?: number } }>('/v1/charges', {
    schema: { querystring: { type: 'object', properties: { order_id: { type: 'integer', minimum: 1 } } } },
  }, async (request) => {
    const { order_id: orderId } = request.query;
    return ledger.attempts.filter((a) => orderId === undefined || a.order_id === orderId);
  });

  app.get<{ Querystring: { order_id?: number } }>('/v1/refunds', {
    schema: { querystring: { type: 'object', properties: { order_id: { type: 'integer', minimum: 1 } } } },
  }, async (request) => {
    const { order_id: orderId } = request.query;
    return [...ledger.refunds.values()].filter((r) => orderId === undefined || r.order_id === orderId);
  });

  return app;
}
