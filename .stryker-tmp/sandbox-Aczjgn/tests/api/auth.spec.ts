// @ts-nocheck
import { expect, test } from '../../fixtures/index.js';

// Registration, login, logout and what counts as a valid bearer token.

test.describe('auth', { tag: '@auth' }, () => {
  test('register -> login -> /users/me', { tag: '@smoke' }, async ({ api, factories, cleanup }) => {
    const data = factories.user();

    const registered = await api.auth.register(data);
    expect(registered.status).toBe(201);
    cleanup.user({ ...registered.body, password: data.password });
    expect(registered.body).toMatchObject({ username: data.username, email: data.email, role: 'customer' });
    expect(registered.text).not.toContain(data.password);

    const login = await api.auth.login(data.username, data.password);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
    expect(login.header('cache-control')).toBe('no-store');

    const me = await api.as(login.body.access_token).users.me();
    expect(me.status).toBe(200);
    expect(me.body).toEqual(registered.body);
  });

  test('registration rejects each invalid field with 422, and creates nothing', async ({ api, factories, cleanup }) => {
    const data = factories.user();
    const rejected = await api.auth.register({ username: data.username, email: 'not-an-email', password: 'short', role: 'admin' });

    expect(rejected.status).toBe(422);
    expect(rejected.problem.type).toBe('/problems/validation-error');
    expect(rejected.problem.errors?.map((e) => e.path).sort()).toEqual(['body.email', 'body.password', 'body.role']);

    // The username is still free: nothing was written.
    const accepted = await api.auth.register(data);
    expect(accepted.status).toBe(201);
    cleanup.user({ ...accepted.body, password: data.password });
  });

  test('an unknown user and a wrong password get the same 401', async ({ api, customer, factories }) => {
    const unknown = await api.auth.login(factories.username(), 'whatever-password');
    const wrong = await api.auth.login(customer.username, `${customer.password}x`);

    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(unknown.problem.detail).toBe(wrong.problem.detail);
    expect(wrong.header('www-authenticate')).toMatch(/^Bearer/);
  });

  test('five failed logins for a username lock it: 429 with Retry-After, even with the right password', async ({ api, customer }) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await api.auth.login(customer.username, 'wrong-password')).status).toBe(401);
    }

    const locked = await api.auth.login(customer.username, customer.password);

    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.header('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.problem.detail).toContain('too many failed logins');
  });

  test('logout revokes that token only', async ({ api, customer }) => {
    const second = (await api.auth.login(customer.username, customer.password)).body.access_token;

    const logout = await customer.api.auth.logout();
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ status: 'logged_out' });

    const revoked = await customer.api.users.me();
    expect(revoked.status).toBe(401);
    expect(revoked.problem.detail).toContain('revoked');
    expect((await api.as(second).users.me()).body.id).toBe(customer.user.id);
  });

  test('login takes a form, not JSON: 415', async ({ api, customer }) => {
    const response = await api.http.send('POST', '/auth/login', { json: { username: customer.username, password: customer.password } });

    expect(response.status).toBe(415);
    expect(response.problem.detail).toContain('application/x-www-form-urlencoded');
  });
});

test.describe('bearer tokens', { tag: '@auth' }, () => {
  const cases: [string, (token: string) => Record<string, string>][] = [
    ['missing', () => ({})],
    ['not Bearer', (token) => ({ authorization: `Basic ${token}` })],
    ['Bearer without a token', () => ({ authorization: 'Bearer ' })],
    ['garbage', () => ({ authorization: 'Bearer not.a.jwt' })],
    ['tampered payload', (token) => ({ authorization: `Bearer ${tamper(token)}` })],
    ['bad signature', (token) => ({ authorization: `Bearer ${token.slice(0, -4)}AAAA` })],
  ];

  for (const [name, headers] of cases) {
    test(`a ${name} token is 401 with WWW-Authenticate: Bearer`, async ({ api, customer }) => {
      const response = await api.http.withHeaders(headers(customer.token)).send('GET', '/users/me');

      expect(response.status).toBe(401);
      expect(response.header('www-authenticate')).toMatch(/^Bearer realm="shop-api"/);
      expect(response.problem.title).toBe('Unauthorized');
    });
  }
});

/** The same token with its subject changed (the signature no longer matches). */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string };
  claims.sub = String(Number(claims.sub) + 1);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
