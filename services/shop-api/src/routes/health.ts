import { unavailable } from '../lib/problem.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { problems } from '../schemas/common.js';

const statusOf = <const S extends string>(value: S) =>
  ({ type: 'object', properties: { status: { type: 'string', const: value } }, required: ['status'] }) as const;

// Liveness (the process runs) and readiness (start-up finished and the database answers).
const health: RoutesPlugin = async (app) => {
  app.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: statusOf('ok') } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'Readiness: 200 when start-up is done and the database answers',
      response: { 200: statusOf('ready'), ...problems(503) },
    },
  }, async () => {
    if (!app.started) throw unavailable('shop-api is starting up');
    try {
      await app.db.query('SELECT 1');
    } catch {
      throw unavailable('the database does not answer');
    }
    return { status: 'ready' as const };
  });
};
export default health;
