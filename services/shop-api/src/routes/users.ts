import type { FastifyReply, FastifyRequest } from 'fastify';
import { etag, ifMatchVersion } from '../lib/etag.js';
import { forbidden, notFound, stale } from '../lib/problem.js';
import { manages, principal, type Principal } from '../plugins/app/auth.js';
import { deleteUser, findUser, insertUser, listUsers, publicView, updateUser, type UserRow } from '../repositories/users.js';
import type { RoutesPlugin } from '../schemas/provider.js';
import { bearerSecurity, COMMON_PROBLEMS, ID, IdParams, IfMatchHeaders, problems } from '../schemas/common.js';
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
    response: { 200: { $ref: 'PrivateUser#' }, ...problems(401, 403, 404, 409, 412, ...COMMON_PROBLEMS) },
  };

  app.post('/users', {
    onRequest: app.requireAdmin,
    schema: {
      tags: ['users'],
      summary: 'Create a user (admin)',
      security: bearerSecurity,
      body: CreateUserBody,
      response: { 201: { $ref: 'PrivateUser#' }, ...problems(401, 403, 409, ...COMMON_PROBLEMS) },
    },
  }, async (request, reply) => {
    const { password, role, is_active: isActive, ...rest } = request.body;
    const user = await insertUser(app.db, { ...rest, passwordHash: await app.passwords.hash(password), role, isActive });
    return sendPrivate(reply.header('location', `/users/${user.id}`), user, 201);
  });

  app.get('/users', {
    onRequest: app.requireAdmin,
    schema: {
      tags: ['users'],
      summary: 'List users (admin); total in X-Total-Count',
      security: bearerSecurity,
      querystring: ListUsersQuery,
      response: { 200: { type: 'array', items: { $ref: 'PrivateUser#' } }, ...problems(401, 403, 422, 503) },
    },
  }, async (request, reply) => {
    const { limit, offset, is_active: isActive, q } = request.query;
    const { rows, total } = await listUsers(app.db, { limit, offset, isActive, q });
    return reply.header('x-total-count', String(total)).send(rows);
  });

  app.get('/users/me', {
    onRequest: app.authenticate,
    schema: {
      tags: ['users'],
      summary: 'The caller, in the private view',
      security: bearerSecurity,
      response: { 200: { $ref: 'PrivateUser#' }, ...problems(401, 503) },
    },
  }, async (request, reply) => {
    const user = await findUser(app.db, principal(request).userId);
    if (!user) throw notFound('user');
    return sendPrivate(reply, user);
  });

  app.get(`/users/${ID}`, {
    onRequest: app.identify,
    schema: {
      tags: ['users'],
      summary: 'A user: public view, or private view for its owner and admins',
      params: IdParams,
      response: { 200: { anyOf: [{ $ref: 'PrivateUser#' }, { $ref: 'PublicUser#' }] }, ...problems(401, 404, 422, 503) },
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
      schema: { ...updateSchema, summary: 'Update the caller (partial)' },
      handler: async (request, reply) => sendPrivate(reply, await update(app, request, principal(request).userId, request.body)),
    });
    app.route({
      method,
      url: `/users/${ID}`,
      onRequest: app.authenticate,
      schema: { ...updateSchema, summary: 'Update a user (owner or admin; partial)', params: IdParams },
      handler: async (request, reply) => sendPrivate(reply, await update(app, request, request.params.id, request.body)),
    });
  }

  app.delete(`/users/${ID}`, {
    onRequest: app.authenticate,
    schema: {
      tags: ['users'],
      summary: 'Delete a user (owner or admin); its tokens stop working, its orders are kept',
      security: bearerSecurity,
      params: IdParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problems(401, 404, 422, 503) },
    },
  }, async (request, reply) => {
    assertManages(principal(request), request.params.id);
    if (!(await deleteUser(app.db, request.params.id))) throw notFound('user');
    return reply.code(204).send(null);
  });
};
export default users;
