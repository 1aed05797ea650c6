import { HttpProblem, PROBLEM_TYPES } from '../lib/problem.js';
import { principal } from '../plugins/app/auth.js';
import { clearFailures, recentFailures, recordFailure } from '../repositories/login-failures.js';
import { revokeToken } from '../repositories/tokens.js';
import { findLoginUser, insertUser } from '../repositories/users.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { bearerSecurity, COMMON_PROBLEMS, problems } from '../schemas/common.js';
import { LoginForm, RegisterBody, TokenResponse } from '../schemas/users.js';
import type { Settings } from '../settings.js';

const auth: RoutesPlugin<{ settings: Settings }> = async (app, { settings }) => {
  app.post('/auth/register', {
    schema: {
      tags: ['auth'],
      summary: 'Register a customer account',
      body: RegisterBody,
      response: { 201: { $ref: 'PrivateUser#' }, ...problems(409, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const { username, email, password } = request.body;
    const user = await insertUser(app.db, { username, email, passwordHash: await app.passwords.hash(password) });
    return reply.code(201).header('location', `/users/${user.id}`).header('etag', `"${user.version}"`).send(user);
  });

  app.post('/auth/login', {
    config: { bodyType: 'form' },
    schema: {
      tags: ['auth'],
      summary: 'Exchange username and password for a bearer token (OAuth2 password grant, form-encoded)',
      consumes: ['application/x-www-form-urlencoded'],
      body: LoginForm,
      response: { 200: TokenResponse, ...problems(401, 429, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const failures = await recentFailures(app.db, username, settings.LOGIN_WINDOW_SECONDS);
    if (failures.count >= settings.LOGIN_MAX_FAILURES) {
      throw new HttpProblem(429, `too many failed logins for this username; try again in ${failures.retryAfterSeconds} s`, {
        type: PROBLEM_TYPES.throttled,
        headers: { 'retry-after': String(failures.retryAfterSeconds) },
      });
    }
    const user = await findLoginUser(app.db, username);
    // Always hash, so an unknown username costs as long as a wrong password.
    const passwordOk = await app.passwords.verify(password, user?.password_hash ?? (await app.passwords.dummyHash()));
    if (!user || !passwordOk || !user.is_active) {
      await recordFailure(app.db, username);
      throw new HttpProblem(401, 'incorrect username or password', { headers: { 'www-authenticate': 'Bearer realm="shop-api"' } });
    }
    await clearFailures(app.db, username);
    return reply.header('cache-control', 'no-store').send(await app.issueToken(user.id));
  });

  app.post('/auth/logout', {
    onRequest: app.authenticate,
    schema: {
      tags: ['auth'],
      summary: 'Revoke the bearer token of this request',
      security: bearerSecurity,
      response: {
        200: { type: 'object', properties: { status: { type: 'string', const: 'logged_out' } }, required: ['status'] },
        ...problems(401, 503),
      },
    },
  }, async (request) => {
    await revokeToken(app.db, principal(request).jti);
    return { status: 'logged_out' as const };
  });
};
export default auth;
