import { expect, test } from '../../fixtures/index.js';

// The registration story of the integration-testing seed, one step per stage, traced.

// A journey is a story people read in the report: each keeps a trace of its calls, passed or failed.
test.use({ traceCalls: true });

test('a visitor registers, logs in, edits the profile, logs out, and the old token stops working', {
  tag: ['@journey', '@smoke'],
}, async ({ api, factories, cleanup }) => {
  const visitor = factories.user();

  const user = await test.step('register', async () => {
    const response = await api.auth.register(visitor);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ username: visitor.username, email: visitor.email, role: 'customer', bio: null });
    cleanup.user({ ...response.body, password: visitor.password });
    return response.body;
  });

  const session = await test.step('log in', async () => {
    const response = await api.auth.login(visitor.username, visitor.password);
    expect(response.status).toBe(200);
    expect(response.body.token_type).toBe('bearer');
    return api.as(response.body.access_token);
  });

  await test.step('read the profile', async () => {
    const response = await session.users.me();
    expect(response.status).toBe(200);
    expect(response.body).toEqual(user);
  });

  const bio = factories.bio();

  await test.step('update the bio', async () => {
    const response = await session.users.put('me', { bio }, user.version);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, bio, version: user.version + 1 });
  });

  await test.step('log out', async () => {
    const response = await session.auth.logout();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'logged_out' });
  });

  await test.step('the old token is refused; the profile kept the bio', async () => {
    const refused = await session.users.me();
    expect(refused.status).toBe(401);
    expect(refused.header('www-authenticate')).toMatch(/^Bearer/);
    expect((await api.users.get(user.id)).body).toMatchObject({ id: user.id, bio });
  });
});
