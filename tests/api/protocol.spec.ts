import { expect, test } from '../../fixtures/index.js';

// HTTP-level rules every route follows: health, problem details, media types, limits,
// methods, and an OpenAPI document that covers every route.

test.describe('protocol', { tag: '@protocol' }, () => {
  test('/health says ok and /ready says ready', { tag: '@smoke' }, async ({ api }) => {
    const [health, ready] = await Promise.all([api.health.health(), api.health.ready()]);

    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  test('malformed JSON is 400 problem+json', async ({ api }) => {
    const response = await api.http.send('POST', '/auth/register', { raw: { body: '{"username": ', contentType: 'application/json' } });

    expect(response.status).toBe(400);
    expect(response.header('content-type')).toContain('application/problem+json');
    expect(response.problem.detail).toBe('the body is not valid JSON');
  });

  test('a body of the wrong media type is 415', async ({ api }) => {
    const response = await api.http.send('POST', '/auth/register', { raw: { body: 'username=a', contentType: 'text/plain' } });

    expect(response.status).toBe(415);
    expect(response.problem.detail).toContain('application/json');
  });

  test('a body over 64 KiB is 413', async ({ api, factories }) => {
    const response = await api.auth.register({ ...factories.user(), padding: 'x'.repeat(70 * 1024) });

    expect(response.status).toBe(413);
    expect(response.problem.detail).toContain('64 KiB');
  });

  test('an unknown route is 404 problem+json', async ({ api }) => {
    const response = await api.http.send('GET', '/no/such/route');

    expect(response.status).toBe(404);
    expect(response.problem.detail).toContain('not found');
  });

  test('other methods on a known path are 405 with Allow; TRACE is refused', async ({ api }) => {
    for (const method of ['TRACE', 'DELETE', 'HEAD']) {
      const response = await api.http.send(method, '/health');
      expect(response.status).toBe(405);
      expect(response.header('allow')).toBe('GET');
    }
  });

  test('responses carry no x-powered-by and errors no stack trace', async ({ api }) => {
    const response = await api.http.send('POST', '/auth/register', { raw: { body: '{', contentType: 'application/json' } });

    expect(response.header('x-powered-by')).toBeUndefined();
    expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|SyntaxError/);
  });

  test('/openapi.json documents every route the clients call', async ({ api }) => {
    const response = await api.health.openapi();
    expect(response.status).toBe(200);
    const routes = Object.entries(response.body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));

    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /health', 'GET /ready', 'GET /openapi.json',
        'POST /auth/register', 'POST /auth/login', 'POST /auth/logout',
        'POST /users', 'GET /users', 'GET /users/me', 'PATCH /users/me', 'PUT /users/me',
        'GET /users/{id}', 'PATCH /users/{id}', 'PUT /users/{id}', 'DELETE /users/{id}',
      ]),
    );
  });
});
