import fp from 'fastify-plugin';
import pg from 'pg';
import type { Settings } from '../../settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: pg.Pool;
  }
}

// The connection pool, shared by every route and the payment worker; closed when the app closes.
export default fp(async (app, opts: { settings: Settings }) => {
  const pool = new pg.Pool({
    connectionString: opts.settings.DATABASE_URL,
    max: opts.settings.DB_POOL_MAX,
    connectionTimeoutMillis: opts.settings.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    statement_timeout: opts.settings.DB_STATEMENT_TIMEOUT_MS,
    application_name: 'shop-api',
  });
  // An idle client losing its server (a database restart) must not crash the process.
  pool.on('error', (err) => app.log.warn({ err }, 'idle database client failed'));
  app.decorate('db', pool);
  app.addHook('onClose', async () => pool.end());
}, { name: 'database' });
