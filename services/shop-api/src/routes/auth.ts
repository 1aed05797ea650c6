import { HttpProblem, PROBLEM_TYPES } from '../lib/problem.js';
import { principal, unauthorized } from '../plugins/app/auth.js';
import { recentFailures, settleAttempt } from '../repositories/login-failures.js';
import { revokeToken } from '../repositories/tokens.js';
import { findLoginUser, insertUser } from '../repositories/users.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { bearerSecurity, publicSecurity } from '../schemas/common.js';
import { BODY_PROBLEMS, json, problems } from '../schemas/responses.js';
import { LoginForm, RegisterBody, TokenResponse } from '../schemas/users.js';
import type { Settings } from '../settings.js';

const throttled = (retryAfterSeconds: number) =>
  new HttpProblem(429, `too many failed logins for this username; try again in ${retryAfterSeconds} s`, {
    type: PROBLEM_TYPES.throttled,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

const auth: RoutesPlugin<{ settings: Settings }> = async (app, { settings }) => {
  app.post('/auth/register', {
    schema: {
      operationId: 'register',
      tags: ['auth'],
      summary: 'Register a customer account',
      security: publicSecurity,
      body: RegisterBody,
      response: {
        201: json({ $ref: 'PrivateUser#' }, 'Registered; log in for a token', { always: ['Location', 'ETag'] }),
        ...problems(409, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { username, email, password } = request.body;
    const user = await insertUser(app.db, { username, email, passwordHash: await app.passwords.hash(password) });
    return reply.code(201).header('location', `/users/${user.id}`).header('etag', `"${user.version}"`).send(user);
  });

  app.post('/auth/login', {
    config: { bodyType: 'form' },
    schema: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Exchange username and password for a bearer token (OAuth2 password grant, form-encoded)',
      security: publicSecurity,
      consumes: ['application/x-www-form-urlencoded'],
      body: LoginForm,
      response: {
        200: json(TokenResponse, 'A bearer token', { always: ['Cache-Control'] }),
        ...problems(401, 429, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const limits = { windowSeconds: settings.LOGIN_WINDOW_SECONDS, maxFailures: settings.LOGIN_MAX_FAILURES };
    // A throttled username is refused before its password costs a hash; settleAttempt decides for good.
    const failures = await recentFailures(app.db, username, limits.windowSeconds);
    if (failures.count >= limits.maxFailures) throw throttled(failures.retryAfterSeconds);
    const user = await findLoginUser(app.db, username);
    // Always hash, so an unknown username costs as long as a wrong password.
    const passwordOk = await app.passwords.verify(password, user?.password_hash ?? (await app.passwords.dummyHash()));
    const succeeded = user !== undefined && passwordOk && user.is_active;
    const refused = await settleAttempt(app.db, username, succeeded, limits);
    if (refused) throw throttled(refused.retryAfterSeconds);
    if (!succeeded) throw new HttpProblem(401, 'incorrect username or password', { headers: { 'www-authenticate': 'Bearer realm="shop-api"' } });
    return reply.header('cache-control', 'no-store').send(await app.issueToken(user.id));
  });

  app.post('/auth/logout', {
    onRequest: app.authenticate,
    schema: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Revoke the bearer token of this request',
      security: bearerSecurity,
      response: {
        200: json({ type: 'object', properties: { status: { type: 'string', const: 'logged_out' } }, required: ['status'] }, 'The token no longer works'),
        ...problems(401, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request) => {
    // Two logouts with one token at once: the token was good when both started; the second to revoke it answers as if it came after.
    if (!(await revokeToken(app.db, principal(request).jti))) throw unauthorized('the token has been revoked', 'invalid_token');
    return { status: 'logged_out' as const };
  });
};
export default auth;
