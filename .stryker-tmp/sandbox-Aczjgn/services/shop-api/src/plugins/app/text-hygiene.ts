// @ts-nocheck
import fp from 'fastify-plugin';
import { unprocessable, type FieldError } from '../../lib/problem.js';

// Text that PostgreSQL cannot store faithfully is refused before any handler sees it:
// a NUL character (text columns cannot hold it: the write would fail with a 500) and
// a lone UTF-16 surrogate (not Unicode: the driver would silently turn it into U+FFFD).

function badStrings(value: unknown, path: string, found: FieldError[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path, message: 'must not contain NUL characters' });
    else if (!value.isWellFormed()) found.push({ path, message: 'must be valid Unicode (no lone surrogates)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => badStrings(item, `${path}.${i}`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) badStrings(item, `${path}.${key}`, found);
  }
}

export default fp(async (app) => {
  app.addHook('preValidation', async (request) => {
    const found: FieldError[] = [];
    badStrings(request.body, 'body', found);
    badStrings(request.query, 'query', found);
    badStrings(request.params, 'path', found);
    if (found.length > 0) throw unprocessable(`request validation failed: ${found.map((e) => `${e.path} ${e.message}`).join('; ')}`, found);
  });
}, { name: 'text-hygiene' });
