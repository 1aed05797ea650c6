// @ts-nocheck
import fp from 'fastify-plugin';
import { PaymentWorker } from '../../payments/worker.js';
import type { Settings } from '../../settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The payment worker; undefined when no PAYMENT_PROVIDER_URL is set. */
    payments: PaymentWorker | undefined;
  }
}

// The worker is made here and started by main once the database is ready; it stops
// before the pool closes.
export default fp(async (app, opts: { settings: Settings }) => {
  const s = opts.settings;
  const worker = s.PAYMENT_PROVIDER_URL
    ? new PaymentWorker(app.db, {
        baseUrl: s.PAYMENT_PROVIDER_URL,
        attemptTimeoutMs: s.PAYMENT_ATTEMPT_TIMEOUT_MS,
        maxAttempts: s.PAYMENT_MAX_ATTEMPTS,
        backoffBaseMs: s.PAYMENT_BACKOFF_BASE_MS,
        backoffCapMs: s.PAYMENT_BACKOFF_CAP_MS,
        pollIntervalMs: s.PAYMENT_POLL_INTERVAL_MS,
        concurrency: s.PAYMENT_CONCURRENCY,
        leaseSeconds: s.PAYMENT_LEASE_SECONDS,
        stockReturned: async (changed) => app.productCache?.invalidateProducts(changed),
      }, app.log.child({ component: 'payments' }))
    : undefined;
  app.decorate('payments', worker);
  app.addHook('preClose', async () => worker?.stop());
}, { name: 'payments', dependencies: ['database', 'cache'] });
