import { createHmac } from 'node:crypto';
import { ensureOk } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owasp } from './owasp.js';

// Bearer tokens that must not work, and login throttling.

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; jti: string; exp: number };

/** A token with these claims, signed HS256 with a key the service does not have. */
function signedWith(key: string, claims: object): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

test.describe('authentication', owasp('API2'), () => {
  test('forged tokens are 401: alg none, a tampered subject, the wrong key', async ({ api, customer, customers }) => {
    const victim = await customers.create();
    const claims = claimsOf(customer.token);
    const forged = {
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'alg none, victim subject': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: String(victim.user.id) })}.`,
      'tampered subject': `${customer.token.split('.')[0]}.${b64({ ...claims, sub: String(victim.user.id) })}.${customer.token.split('.')[2]}`,
      'the wrong key': signedWith('not-the-secret-of-this-service-0123456789', claims),
      'alg HS512 header': `${b64({ alg: 'HS512', typ: 'JWT' })}.${customer.token.split('.').slice(1).join('.')}`,
    };

    for (const [name, token] of Object.entries(forged)) {
      const response = await api.as(token).users.me();
      expect(response.status, name).toBe(401);
      expect(response.header('www-authenticate'), name).toMatch(/^Bearer/);
    }
    expect((await victim.api.users.me()).body).toEqual(victim.user);
  });

  test('malformed Authorization headers are 401', async ({ api, customer }) => {
    for (const header of ['Bearer', 'Bearer  ' + customer.token, 'bearer' + customer.token, customer.token, `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer a.b', `Bearer ${customer.token}x y`]) {
      const response = await api.http.withHeaders({ authorization: header }).send('GET', '/users/me');
      expect(response.status, header).toBe(401);
    }
  });

  test('a token revoked by logout is 401, and so are the tokens of a deleted user', async ({ api, customer, customers }) => {
    const other = await customers.create();
    const secondToken = ensureOk(await api.auth.login(other.username, other.password)).access_token;

    await customer.api.auth.logout();
    await other.api.users.remove(other.user.id);

    for (const [name, client] of [['logged out', customer.api], ['deleted', other.api], ['deleted, second token', api.as(secondToken)]] as const) {
      const response = await client.users.me();
      expect(response.status, name).toBe(401);
      expect(response.problem.detail, name).toContain('revoked');
    }
    expect((await api.auth.login(other.username, other.password)).status).toBe(401);
  });

  test.describe('expiry', () => {
    test.use({ privateStackEnv: { TOKEN_TTL_SECONDS: '1' } });

    test('an expired token is 401', async ({ privateClients, factories }) => {
      const user = factories.user();
      ensureOk(await privateClients.api.auth.register(user));
      const session = privateClients.api.as(ensureOk(await privateClients.api.auth.login(user.username, user.password)).access_token);
      expect((await session.users.me()).status).toBe(200);

      await expect.poll(async () => (await session.users.me()).status, { message: 'the 1 s token to expire', timeout: 10_000, intervals: [250, 500] }).toBe(401);
      expect((await session.users.me()).problem.detail).toBe('the token is invalid or expired');
    });
  });

  test('failed logins are throttled per username, whatever its letter case: 429 with Retry-After', async ({ api, customer }) => {
    for (const username of [customer.username, customer.username.toUpperCase(), customer.username, customer.username.toUpperCase(), customer.username]) {
      expect((await api.auth.login(username, 'not-the-password')).status).toBe(401);
    }

    const locked = await api.auth.login(customer.username.toLowerCase(), customer.password);

    expect(locked.status).toBe(429);
    expect(Number(locked.header('retry-after'))).toBeGreaterThan(0);
    expect(locked.problem.type).toBe('/problems/too-many-login-failures');
    expect(locked.text).not.toContain('access_token');
  });
});
