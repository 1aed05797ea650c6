import { randomUUID } from 'node:crypto';
import jwt from '@fastify/jwt';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, forbidden } from '../../lib/problem.js';
import { findTokenHolder, recordToken } from '../../repositories/tokens.js';
import type { RoleName } from '../../schemas/users.js';
import type { Settings } from '../../settings.js';

export interface Principal {
  userId: number;
  role: RoleName;
  jti: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: a valid bearer token is required. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: a bearer token is optional, but if sent it must be valid. */
    identify: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: a valid bearer token of an admin is required. */
    requireAdmin: (request: FastifyRequest) => Promise<void>;
    issueToken: (userId: number) => Promise<{ access_token: string; token_type: 'bearer'; expires_in: number }>;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const unauthorized = (detail: string, error?: 'invalid_request' | 'invalid_token') =>
  new HttpProblem(401, detail, {
    headers: { 'www-authenticate': error ? `Bearer realm="shop-api", error="${error}"` : 'Bearer realm="shop-api"' },
  });

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether the actor may act on what the owner owns: the owner itself, or an admin. */
export const manages = (actor: Principal, ownerId: number): boolean => actor.userId === ownerId || actor.role === 'admin';

/** The principal a request acts as, for routes behind `authenticate`. */
export function principal(request: FastifyRequest): Principal {
  /* v8 ignore next -- a route registered without the authenticate hook: a programming error no request can reach */
  if (!request.principal) throw new Error('route is missing the authenticate hook');
  return request.principal;
}

// Tokens are HS256 JWTs {sub, jti, iat, exp}; each jti is also a row, so logout and
// user deletion revoke it. Role and activity are read from the database on every
// request, so a change takes effect at once.
export default fp(async (app, opts: { settings: Settings }) => {
  const ttl = opts.settings.TOKEN_TTL_SECONDS;
  await app.register(jwt, {
    secret: opts.settings.JWT_SECRET,
    sign: { algorithm: 'HS256', expiresIn: `${ttl}s` },
    verify: { algorithms: ['HS256'] },
  });

  app.decorate('issueToken', async (userId: number) => {
    const jti = randomUUID();
    await recordToken(app.db, jti, userId, ttl);
    return { access_token: app.jwt.sign({ sub: String(userId), jti }), token_type: 'bearer' as const, expires_in: ttl };
  });

  async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('a bearer token is required');
    const match = BEARER.exec(header);
    if (!match) throw unauthorized('malformed Authorization header; expected "Bearer <token>"', 'invalid_request');
    let claims: { sub?: unknown; jti?: unknown };
    try {
      claims = app.jwt.verify(match[1]!);
    } catch {
      throw unauthorized('the token is invalid or expired', 'invalid_token');
    }
    const userId = typeof claims.sub === 'string' && /^\d{1,9}$/.test(claims.sub) ? Number(claims.sub) : undefined;
    const jti = typeof claims.jti === 'string' && UUID.test(claims.jti) ? claims.jti : undefined;
    if (!userId || !jti) throw unauthorized('the token is invalid or expired', 'invalid_token');
    const holder = await findTokenHolder(app.db, jti, userId);
    if (!holder) throw unauthorized('the token has been revoked', 'invalid_token');
    request.principal = { userId: holder.id, role: holder.role, jti };
  }

  app.decorate('authenticate', authenticate);
  app.decorate('identify', async (request: FastifyRequest) => {
    if (request.headers.authorization !== undefined) await authenticate(request);
  });
  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    await authenticate(request);
    if (request.principal?.role !== 'admin') throw forbidden('this route is for admins only');
  });
  // Stryker disable next-line ArrayDeclaration: equivalent from outside, the app registers the database plugin first; the list only makes fastify-plugin check that
}, { name: 'auth', dependencies: ['database'] });
