import { ensureOk } from '../../api-clients/index.js';
import { PublicUser } from '../../api-clients/schemas/users.js';
import type { UserChanges } from '../../api-clients/schemas/users.js';
import { expect, test } from '../../fixtures/index.js';
import type { Account } from '../../fixtures/setup/customers.js';

// Users resource, black-box: the user scenarios of the integration-testing seed
// (create, get, get unknown, update, delete, concurrent reads) plus the contract's rules.

const UNKNOWN_ID = 2_147_483_647;

/** The four ways an account updates itself, which the contract defines alike: PATCH and PUT, on /users/me and on /users/{its id}. */
const updateWays = (account: Account) => {
  const { users } = account.api;
  const id = account.user.id;
  return [
    ['PATCH /users/me', (changes: UserChanges, version?: number) => users.update('me', changes, version)],
    ['PUT /users/me', (changes: UserChanges, version?: number) => users.put('me', changes, version)],
    ['PATCH /users/{id}', (changes: UserChanges, version?: number) => users.update(id, changes, version)],
    ['PUT /users/{id}', (changes: UserChanges, version?: number) => users.put(id, changes, version)],
  ] as const;
};

test.describe('users', { tag: '@users' }, () => {
  test('an admin creates a user: 201 with the private view and no password', { tag: '@smoke' }, async ({ admin, factories, cleanup }) => {
    const data = factories.user();
    const created = await admin.api.users.create(data);
    cleanup.user(created.body);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: data.username, email: data.email, role: 'customer', is_active: true, version: 1, bio: null });
    expect(created.body).not.toHaveProperty('password');
    expect(created.text).not.toContain(data.password);
    expect(created.header('location')).toBe(`/users/${created.body.id}`);
    expect(created.header('etag')).toBe('"1"');
  });

  test('anyone gets the public view of a user; no email, no private fields', async ({ api, customer }) => {
    const response = await api.users.get(customer.user.id);

    expect(response.status).toBe(200);
    expect(PublicUser.safeParse(response.body).success).toBe(true);
    expect(response.body).toEqual({ id: customer.user.id, username: customer.username, bio: null, created_at: customer.user.created_at });
    expect(response.text).not.toContain(customer.email);
  });

  test('the owner and admins get the private view, with an ETag', async ({ customer, admin }) => {
    for (const viewer of [customer.api, admin.api]) {
      const response = await viewer.users.get(customer.user.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(customer.user);
      expect(response.header('etag')).toBe(`"${customer.user.version}"`);
    }
  });

  test('an unknown user is 404 with a detail that says not found', async ({ api }) => {
    const response = await api.users.get(UNKNOWN_ID);

    expect(response.status).toBe(404);
    expect(response.problem.detail.toLowerCase()).toContain('not found');
  });

  test('the owner updates the username with PUT; a re-read shows it', async ({ customer, factories }) => {
    const username = factories.username();
    const updated = await customer.api.users.put(customer.user.id, { username });

    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: customer.user.id, username, email: customer.email, version: customer.user.version + 1 });
    expect(updated.header('etag')).toBe(`"${customer.user.version + 1}"`);
    expect((await customer.api.users.me()).body.username).toBe(username);
  });

  test('delete: 204, then 404, its token refused and its login 401', async ({ api, customer }) => {
    const deleted = await customer.api.users.remove(customer.user.id);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const reread = await api.users.get(customer.user.id);
    expect(reread.status).toBe(404);
    expect(reread.problem.detail).toContain('not found');

    const withOldToken = await customer.api.users.me();
    expect(withOldToken.status).toBe(401);
    expect(withOldToken.header('www-authenticate')).toMatch(/^Bearer/);

    const login = await api.auth.login(customer.username, customer.password);
    expect(login.status).toBe(401);
    expect(login.problem.detail).toBe('incorrect username or password');
  });

  test('10 concurrent reads are each answered 200 (known) or 404 (unknown)', async ({ api, admin, factories, cleanup }) => {
    const known = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const created = await admin.api.users.create(factories.user());
        cleanup.user(created.body);
        return created.body.id;
      }),
    );
    const ids = [...known, ...known.map((id) => UNKNOWN_ID - id)];

    const responses = await Promise.all(ids.map((id) => api.users.get(id)));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404, 404, 404, 404, 404]);
    expect(responses.slice(0, 5).map((r) => r.body.id)).toEqual(known);
  });

  test('an admin lists users with a search, an is_active filter, pagination and X-Total-Count', async ({ admin, factories, cleanup }) => {
    const tag = factories.unique();
    const made = [];
    for (const isActive of [true, true, false]) {
      const created = await admin.api.users.create({ ...factories.user({ username: `list_${tag}_${made.length}` }), is_active: isActive });
      cleanup.user(created.body);
      made.push(created.body);
    }

    const all = await admin.api.users.list({ q: tag });
    expect(all.status).toBe(200);
    expect(all.header('x-total-count')).toBe('3');
    expect(all.body.map((u) => u.id)).toEqual(made.map((u) => u.id));

    const inactive = await admin.api.users.list({ q: tag, is_active: false });
    expect(inactive.body.map((u) => u.id)).toEqual([made[2]!.id]);
    expect(inactive.header('x-total-count')).toBe('1');

    const firstPage = await admin.api.users.list({ q: tag, limit: 2 });
    const secondPage = await admin.api.users.list({ q: tag, limit: 2, offset: 2 });
    expect(firstPage.body.map((u) => u.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(secondPage.body.map((u) => u.id)).toEqual([made[2]!.id]);
    expect(secondPage.header('x-total-count')).toBe('3');
  });

  test('limit over 100 is 422 with a field error', async ({ admin }) => {
    const response = await admin.api.users.list({ limit: 101 });

    expect(response.status).toBe(422);
    expect(response.problem.errors).toContainEqual({ path: 'query.limit', message: expect.stringContaining('100') });
  });

  test('a username or email taken in any letter case is 409', async ({ api, customer, factories }) => {
    const sameName = await api.auth.register(factories.user({ username: customer.username.toUpperCase() }));
    expect(sameName.status).toBe(409);
    expect(sameName.problem.detail).toBe('username is already taken');

    const sameEmail = await api.auth.register({ ...factories.user(), email: customer.email.toUpperCase() });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.problem.detail).toBe('email is already registered');
  });

  test('a taken username or email is 409 on every other way in too: an admin creating, an update; nothing changes', async ({ customer, customers, admin, factories }) => {
    const other = await customers.create();

    const created = await admin.api.users.create(factories.user({ username: customer.username }));
    const moved = await admin.api.users.update(other.user.id, { email: customer.email });
    expect([created.status, moved.status]).toEqual([409, 409]);
    expect(moved.problem.detail).toBe('email is already registered');

    for (const [way, update] of updateWays(other)) {
      const renamed = await update({ username: customer.username.toUpperCase() });
      expect([renamed.status, renamed.problem.detail], way).toEqual([409, 'username is already taken']);
    }
    expect((await other.api.users.me()).body).toEqual(other.user);
  });

  test('a token is optional to read a user, but one that is sent must be valid: 401', async ({ api, customer }) => {
    const response = await api.as('not.a.token').users.get(customer.user.id);

    expect(response.status).toBe(401);
    expect(response.header('www-authenticate')).toMatch(/^Bearer realm="shop-api"/);
  });
});

test.describe('users: who may do what', { tag: '@users' }, () => {
  test('anonymous callers get 401 and customers 403 on admin routes', async ({ api, customer, factories }) => {
    for (const [caller, status] of [[api, 401], [customer.api, 403]] as const) {
      const list = await caller.users.list();
      const create = await caller.users.create(factories.user());
      expect([list.status, create.status]).toEqual([status, status]);
      expect(list.problem.status).toBe(status);
    }
    expect((await api.users.list()).header('www-authenticate')).toMatch(/^Bearer/);
  });

  test("a customer cannot read privately, update or delete another user's account: 404, nothing changes", async ({ customer, admin, factories, cleanup }) => {
    const other = (await admin.api.users.create(factories.user())).body;
    cleanup.user(other);

    const read = await customer.api.users.get(other.id);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('email');
    const update = await customer.api.users.update(other.id, { bio: 'taken over' });
    const remove = await customer.api.users.remove(other.id);
    expect([update.status, remove.status]).toEqual([404, 404]);
    expect(update.problem.detail).toContain('not found');

    expect((await admin.api.users.get(other.id)).body).toEqual(other);
  });

  test('a deleted user is 404 to an admin too: reading and updating it', async ({ admin, customers, factories }) => {
    const gone = await customers.create();
    ensureOk(await admin.api.users.remove(gone.user.id));

    const update = await admin.api.users.update(gone.user.id, { bio: factories.bio() });

    expect(update.status).toBe(404);
    expect(update.problem.detail).toContain('not found');
    expect((await admin.api.users.get(gone.user.id)).status).toBe(404);
  });

  test('a customer cannot change its own role or is_active: 403, nothing changes', async ({ customer }) => {
    for (const [way, update] of updateWays(customer)) {
      for (const change of [{ role: 'admin' }, { is_active: false }] as const) {
        const response = await update(change);
        expect([response.status, response.problem.detail], `${way} ${JSON.stringify(change)}`).toEqual([403, 'only an admin may change role or is_active']);
      }
    }
    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });

  test('an admin may change role and is_active', async ({ admin, factories, cleanup }) => {
    const user = (await admin.api.users.create(factories.user())).body;
    cleanup.user(user);

    const response = await admin.api.users.update(user.id, { role: 'admin', is_active: false }, user.version);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ role: 'admin', is_active: false, version: user.version + 1 });
  });
});

test.describe('users: optimistic concurrency', { tag: '@users' }, () => {
  test('If-Match with the current version is accepted; a stale one is 412 and changes nothing (each of the four ways)', async ({ customer, factories }) => {
    let version = customer.user.version;
    for (const [way, update] of updateWays(customer)) {
      const first = await update({ bio: factories.bio() }, version);
      expect([first.status, first.body.version], way).toEqual([200, version + 1]);

      const stale = await update({ bio: 'lost update' }, version);
      expect([stale.status, stale.problem.type, stale.problem.detail], way).toEqual([412, '/problems/stale-version', 'If-Match does not match the current version of this user; read it again and retry']);

      expect((await customer.api.users.me()).body, way).toEqual(first.body);
      version = first.body.version;
    }
  });

  test('a write without If-Match is accepted and still bumps the version', async ({ customer, factories }) => {
    const bio = factories.bio();
    const response = await customer.api.users.update('me', { bio });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ bio, version: customer.user.version + 1 });
  });
});

test.describe('users: validation', { tag: '@users' }, () => {
  test('unknown properties and bad values are 422 with an error per field, and nothing changes', async ({ customer }) => {
    const response = await customer.api.users.update('me', { username: 'x', bio: 'b'.repeat(501), version: 99, password_hash: 'x' });

    expect(response.status).toBe(422);
    expect(response.problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.version', message: 'is not allowed' },
        { path: 'body.password_hash', message: 'is not allowed' },
        { path: 'body.username', message: expect.stringContaining('3') },
        { path: 'body.bio', message: expect.stringContaining('500') },
      ]),
    );
    expect((await customer.api.users.me()).body).toEqual(customer.user);
  });
});
