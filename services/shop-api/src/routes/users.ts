import type { FastifyReply, FastifyRequest } from 'fastify';
import { etag, ifMatchVersion } from '../lib/etag.js';
import { forbidden, notFound, stale } from '../lib/problem.js';
import { manages, principal, type Principal } from '../plugins/app/auth.js';
import { deleteUser, findUser, insertUser, listUsers, publicView, updateUser, type UserRow } from '../repositories/users.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { bearerSecurity, ID, IdParams, IfMatchHeaders, optionalBearerSecurity } from '../schemas/common.js';
import { BODY_PROBLEMS, json, noContent, problems, READ_PROBLEMS } from '../schemas/responses.js';
import { CreateUserBody, ListUsersQuery, UpdateUserBody, type UpdateUser } from '../schemas/users.js';

const sendPrivate = (reply: FastifyReply, user: UserRow, status = 200) =>
  reply.code(status).header('etag', etag(user.version)).send(user);

/** Owner or admin may manage an account; to anyone else it does not exist (no existence leak). */
function assertManages(actor: Principal, userId: number): void {
  if (!manages(actor, userId)) throw notFound('user');
}

async function update(app: Parameters<RoutesPlugin>[0], request: FastifyRequest, id: number, body: UpdateUser) {
  const actor = principal(request);
  assertManages(actor, id);
  if ((body.role !== undefined || body.is_active !== undefined) && actor.role !== 'admin') {
    throw forbidden('only an admin may change role or is_active');
  }
  const result = await updateUser(app.db, id, body, ifMatchVersion(request.headers['if-match']));
  if (result === undefined) throw notFound('user');
  if (result === 'stale') {
    throw stale('user');
  }
  return result;
}

const users: RoutesPlugin = async (app) => {
  const updateSchema = {
    tags: ['users'],
    security: bearerSecurity,
    headers: IfMatchHeaders,
    body: UpdateUserBody,
    response: {
      200: json({ $ref: 'PrivateUser#' }, 'Updated', { always: ['ETag'] }),
      ...problems(401, 403, 404, 409, 412, ...BODY_PROBLEMS, 503),
    },
  };

  app.post('/users', {
    onRequest: app.requireAdmin,
    schema: {
      operationId: 'createUser',
      tags: ['users'],
      summary: 'Create a user (admin)',
      security: bearerSecurity,
      body: CreateUserBody,
      response: {
        201: json({ $ref: 'PrivateUser#' }, 'Created', { always: ['Location', 'ETag'] }),
        ...problems(401, 403, 409, ...BODY_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { password, role, is_active: isActive, ...rest } = request.body;
    const user = await insertUser(app.db, { ...rest, passwordHash: await app.passwords.hash(password), role, isActive });
    return sendPrivate(reply.header('location', `/users/${user.id}`), user, 201);
  });

  app.get('/users', {
    onRequest: app.requireAdmin,
    schema: {
      operationId: 'listUsers',
      tags: ['users'],
      summary: 'List users (admin); total in X-Total-Count',
      security: bearerSecurity,
      querystring: ListUsersQuery,
      response: {
        200: json({ type: 'array', items: { $ref: 'PrivateUser#' } }, 'One page of users', { always: ['X-Total-Count'] }),
        ...problems(401, 403, ...READ_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const { limit, offset, is_active: isActive, q } = request.query;
    const { rows, total } = await listUsers(app.db, { limit, offset, isActive, q });
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get('/users/me', {
    onRequest: app.authenticate,
    schema: {
      operationId: 'getCurrentUser',
      tags: ['users'],
      summary: 'The caller, in the private view',
      security: bearerSecurity,
      response: { 200: json({ $ref: 'PrivateUser#' }, 'The caller', { always: ['ETag'] }), ...problems(401, ...READ_PROBLEMS, 503) },
    },
  }, async (request, reply) => {
    const user = await findUser(app.db, principal(request).userId);
    /* v8 ignore next -- authentication has just found this user active: only a delete racing this request lands here */
    if (!user) throw notFound('user');
    return sendPrivate(reply, user);
  });

  app.get(`/users/${ID}`, {
    onRequest: app.identify,
    schema: {
      operationId: 'getUser',
      tags: ['users'],
      summary: 'A user: public view, or private view (with ETag) for its owner and admins; a token is optional, but must be valid when sent',
      security: optionalBearerSecurity,
      params: IdParams,
      response: {
        200: json({ anyOf: [{ $ref: 'PrivateUser#' }, { $ref: 'PublicUser#' }] }, 'The user', { sometimes: ['ETag'] }),
        ...problems(401, 404, ...READ_PROBLEMS, 503),
      },
    },
  }, async (request, reply) => {
    const user = await findUser(app.db, request.params.id);
    if (!user) throw notFound('user');
    const actor = request.principal;
    if (actor && manages(actor, user.id)) return sendPrivate(reply, user);
    return publicView(user);
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/users/me',
      onRequest: app.authenticate,
      schema: { ...updateSchema, operationId: `${method.toLowerCase()}CurrentUser`, summary: `Update the caller (partial, as with ${method === 'PUT' ? 'PATCH' : 'PUT'})` },
      handler: async (request, reply) => sendPrivate(reply, await update(app, request, principal(request).userId, request.body)),
    });
    app.route({
      method,
      url: `/users/${ID}`,
      onRequest: app.authenticate,
      schema: { ...updateSchema, operationId: `${method.toLowerCase()}User`, summary: `Update a user (owner or admin; partial, as with ${method === 'PUT' ? 'PATCH' : 'PUT'})`, params: IdParams },
      handler: async (request, reply) => sendPrivate(reply, await update(app, request, request.params.id, request.body)),
    });
  }

  app.delete(`/users/${ID}`, {
    onRequest: app.authenticate,
    schema: {
      operationId: 'deleteUser',
      tags: ['users'],
      summary: 'Delete a user (owner or admin); its tokens stop working, its orders are kept',
      security: bearerSecurity,
      params: IdParams,
      response: { 204: noContent('Deleted'), ...problems(401, 404, ...BODY_PROBLEMS, 503) },
    },
  }, async (request, reply) => {
    assertManages(principal(request), request.params.id);
    if (!(await deleteUser(app.db, request.params.id))) throw notFound('user');
    return reply.code(204).send(null);
  });
};
export default users;
