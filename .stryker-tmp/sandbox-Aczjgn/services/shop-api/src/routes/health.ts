// @ts-nocheck
import { unavailable } from '../lib/problem.js';
import { publicSecurity } from '../schemas/common.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { json, problems, READ_PROBLEMS } from '../schemas/responses.js';

const statusOf = <const S extends string>(value: S) =>
  ({ type: 'object', properties: { status: { type: 'string', const: value } }, required: ['status'] }) as const;

// Liveness (the process runs) and readiness (start-up finished and the database answers;
// the cache's state is reported in the body, as the service works without it).
const health: RoutesPlugin = async (app) => {
  app.get('/health', {
    schema: {
      operationId: 'getHealth',
      tags: ['health'],
      summary: 'Liveness',
      security: publicSecurity,
      response: { 200: json(statusOf('ok'), 'The process runs'), ...problems(...READ_PROBLEMS) },
    },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: {
      operationId: 'getReadiness',
      tags: ['health'],
      summary: 'Readiness: 200 when start-up is done and the database answers; the cache, when there is one, is reported but never makes it 503',
      security: publicSecurity,
      response: {
        200: json({
          ...statusOf('ready'),
          properties: {
            ...statusOf('ready').properties,
            cache: {
              type: 'string',
              enum: ['ok', 'degraded'],
              description: 'Only when shop-api has a cache (REDIS_URL). degraded: Redis does not answer, reads go to PostgreSQL',
            },
          },
        }, 'Ready to serve every route'),
        ...problems(...READ_PROBLEMS, 503),
      },
    },
  }, async () => {
    if (!app.started) throw unavailable('shop-api is starting up');
    try {
      await app.db.query('SELECT 1');
    } catch {
      throw unavailable('the database does not answer');
    }
    return app.productCache ? { status: 'ready' as const, cache: await app.productCache.health() } : { status: 'ready' as const };
  });
};
export default health;
