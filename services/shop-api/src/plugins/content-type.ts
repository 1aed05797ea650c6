import formbody from '@fastify/formbody';
import fp from 'fastify-plugin';
import { HttpProblem } from '../lib/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route's body must be; JSON unless said otherwise. */
    bodyType?: 'json' | 'form';
  }
}

const MEDIA_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

// Fastify parses any body it has a parser for; each route accepts exactly one media type (else 415).
export default fp(async (app) => {
  await app.register(formbody);
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) return;
    const expected = MEDIA_TYPES[request.routeOptions.config.bodyType ?? 'json'];
    const actual = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (actual !== expected) {
      throw new HttpProblem(415, `Content-Type ${actual || '(none)'} is not supported here; send ${expected}`, {
        headers: { 'accept-post': expected },
      });
    }
  });
}, { name: 'content-type' });
