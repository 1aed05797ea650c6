import fp from 'fastify-plugin';
import type { ProductCache } from '../../cache/products.js';
import type { Settings } from '../../settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis product cache; undefined without REDIS_URL (every read goes to PostgreSQL). */
    productCache: ProductCache | undefined;
  }
}

// Connects in the background: start-up never waits for Redis, and until it answers (or
// whenever it stops answering) reads go to PostgreSQL. Closed when the app closes. The
// Redis client is loaded only where there is a Redis to talk to.
export default fp(async (app, opts: { settings: Settings }) => {
  const s = opts.settings;
  const cache = s.REDIS_URL
    ? new (await import('../../cache/products.js')).ProductCache(s.REDIS_URL, s.CACHE_TTL_SECONDS, s.CACHE_TIMEOUT_MS, app.log.child({ component: 'cache' }))
    : undefined;
  app.decorate('productCache', cache);
  app.addHook('onClose', async () => cache?.close());
}, { name: 'cache' });
