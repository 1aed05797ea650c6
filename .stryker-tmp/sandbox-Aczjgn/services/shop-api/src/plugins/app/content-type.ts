// @ts-nocheck
import formbody from '@fastify/formbody';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { HttpProblem } from '../../lib/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route's body must be; JSON unless said otherwise. */
    bodyType?: 'json' | 'form';
  }
}

const MEDIA_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;
const MAX_DEPTH = 32;

/** How deeply arrays and objects nest, counted without parsing (so a deep body cannot overflow the parser's stack). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}

const badRequest = (detail: string) => Object.assign(new HttpProblem(400, detail), { statusCode: 400 });

// Bodies are parsed here: JSON with a nesting limit and without prototype poisoning,
// forms by @fastify/formbody. Each route then accepts exactly one media type (else 415).
export default fp(async (app) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const body = text as string;
    if (body.trim() === '') return done(badRequest('the JSON body is empty'), undefined);
    if (nestingDepth(body) > MAX_DEPTH) return done(badRequest(`the JSON body nests deeper than ${MAX_DEPTH} levels`), undefined);
    try {
      done(null, secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      const poisoned = /prototype/.test((err as Error).message);
      done(badRequest(poisoned ? 'the body may not contain __proto__ or constructor.prototype keys' : 'the body is not valid JSON'), undefined);
    }
  });
  await app.register(formbody);

  app.addHook('preValidation', async (request) => {
    // No route, no media type to insist on (a trailing-slash redirect keeps any body).
    if (request.body === undefined || request.is404) return;
    const expected = MEDIA_TYPES[request.routeOptions.config.bodyType ?? 'json'];
    const actual = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (actual !== expected) {
      throw new HttpProblem(415, `Content-Type ${actual || '(none)'} is not supported here; send ${expected}`, {
        headers: { 'accept-post': expected },
      });
    }
  });
}, { name: 'content-type' });
