import type { ApiResponse } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// How the service answers what it does not like: the right status, problem details,
// and nothing of its insides.

const LEAKS = /\bat [\w.<>]+ \(|\/[\w/-]+\.(js|ts):\d+|node_modules|SELECT |INSERT |UPDATE |pg-pool|ECONNREFUSED|stack|Fastify|FST_/i;

test.describe('security misconfiguration', owaspStagingSafe('API8'), () => {
  test('malformed JSON is 400, a wrong content type 415, a prototype-poisoning body 400', async ({ api }) => {
    const malformed = await api.http.send('POST', '/auth/register', { raw: { body: '{"username": "x",', contentType: 'application/json' } });
    const wrongType = await api.http.send('POST', '/auth/register', { raw: { body: '<user/>', contentType: 'application/xml' } });
    const proto = await api.http.send('POST', '/auth/register', { raw: { body: '{"__proto__": {"role": "admin"}}', contentType: 'application/json' } });

    expect([malformed.status, wrongType.status, proto.status]).toEqual([400, 415, 400]);
    expect(proto.problem.detail).toContain('__proto__');
  });

  test('no error response carries a stack trace, SQL, a driver message or the framework\'s codes', async ({ api, customer }) => {
    const errors: ApiResponse<unknown>[] = [
      await api.http.send('POST', '/auth/register', { raw: { body: '{bad', contentType: 'application/json' } }),
      await api.http.send('POST', '/auth/register', { raw: { body: 'x', contentType: 'text/csv' } }),
      await api.http.send('POST', '/auth/register', { raw: { body: '', contentType: 'application/json' } }),
      await api.http.send('GET', '/users/abc'),
      await api.http.send('GET', "/products?q=%27%3B%20DROP%20TABLE%20users%3B--&limit=x"),
      await api.http.send('GET', '/no-such-route'),
      await api.http.send('DELETE', '/health'),
      await customer.api.users.update('me', { bio: 'a\u0000b' }),
      await customer.api.http.send('PATCH', '/users/me', { raw: { body: '{"bio": "\\ud800"}', contentType: 'application/json' } }),
      await api.http.withHeaders({ authorization: 'Bearer x.y.z' }).send('GET', '/users/me'),
    ];

    for (const response of errors) {
      expect(response.status, response.describe()).toBeGreaterThanOrEqual(400);
      expect(response.status, response.describe()).toBeLessThan(500);
      expect(response.text, response.describe()).not.toMatch(LEAKS);
    }
    expect((await customer.api.users.me()).body.bio).toBeNull();
  });

  test('no x-powered-by, and content types are not to be sniffed', async ({ api }) => {
    for (const response of [await api.health.health(), await api.http.send('GET', '/nope')]) {
      expect(response.header('x-powered-by')).toBeUndefined();
      expect(response.header('server')).toBeUndefined();
      expect(response.header('x-content-type-options')).toBe('nosniff');
    }
  });

  test('TRACE and other unexpected methods are refused', async ({ api }) => {
    for (const method of ['TRACE', 'OPTIONS']) {
      const response = await api.http.send(method, '/users/me');
      expect(response.status, method).toBe(405);
      expect(response.text, method).not.toMatch(/authorization/i);
    }
  });

  test('no cross-origin access is granted', async ({ api }) => {
    const response = await api.http.send('GET', '/products', { headers: { origin: 'https://evil.example' } });

    expect(response.status).toBe(200);
    expect(response.header('access-control-allow-origin')).toBeUndefined();
    expect(response.header('access-control-allow-credentials')).toBeUndefined();
  });
});
