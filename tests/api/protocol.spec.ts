import { expect, test } from '../../fixtures/index.js';

// HTTP-level rules every route follows: health, problem details, media types, limits,
// methods, and an OpenAPI document that covers every route.

test.describe('protocol', { tag: '@protocol' }, () => {
  test('/health says ok and /ready says ready', { tag: '@smoke' }, async ({ api }) => {
    const [health, ready] = await Promise.all([api.health.health(), api.health.ready()]);

    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    // (With a cache, /ready also reports it: tests/api/cache.spec.ts.)
    expect(ready.body).toMatchObject({ status: 'ready' });
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

  test('a trailing slash is redirected with 308 to the path without it, keeping the query, whatever the body', async ({ api, product }) => {
    const list = await api.http.send('GET', '/products/', { query: { q: product.sku, limit: 5 } });
    const one = await api.http.send('GET', `/products/${product.id}/`);
    const login = await api.http.send('POST', '/auth/login/', { form: { username: 'nobody', password: 'x' } });

    expect([list.status, list.header('location')]).toEqual([308, `/products?q=${product.sku}&limit=5`]);
    expect([one.status, one.header('location')]).toEqual([308, `/products/${product.id}`]);
    expect([login.status, login.header('location')]).toEqual([308, '/auth/login']);
    expect(list.text).toBe('');
  });

  test('a client that follows redirects gets its POST to a trailing-slash path done, body and all', async ({ api, cleanup, factories }) => {
    const user = factories.user();

    const redirected = await api.http.send('POST', '/auth/register/', { json: user });
    expect([redirected.status, redirected.header('location')]).toEqual([308, '/auth/register']);
    expect((await api.auth.login(user.username, user.password)).status, 'the 308 itself registers nobody').toBe(401);

    // What a client written with trailing slashes sees: Playwright follows a 308 with the same method and body.
    const followed = await api.http.transport.request.post('/auth/register/', { data: user, maxRedirects: 1 });
    expect(followed.status()).toBe(201);
    const created = (await followed.json()) as { id: number; username: string };
    cleanup.user({ id: created.id, username: user.username, password: user.password });
    expect(created.username).toBe(user.username);
    expect((await api.auth.login(user.username, user.password)).status).toBe(200);
  });

  test('only a path the service answers is redirected: unknown paths stay 404, never an open redirect', async ({ api, manifest }) => {
    // Absolute URLs, so that "//evil.example/" reaches the service as a path (not another host).
    const origin = new URL(manifest.baseUrl).origin;
    for (const path of ['/no/such/route/', '//evil.example/', '/products/abc/']) {
      const response = await api.http.send('GET', `${origin}${path}`);
      expect([response.status, response.header('location')], path).toEqual([404, undefined]);
      expect(response.problem.detail, 'the path reached the service as written').toBe(`route GET ${path} not found`);
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
        'GET /products', 'POST /products', 'GET /products/{id}', 'PATCH /products/{id}', 'DELETE /products/{id}',
      ]),
    );
  });
});
