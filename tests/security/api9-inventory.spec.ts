import { ensureOk, type ApiResponse } from '../../api-clients/index.js';
import { expect, test } from '../../fixtures/index.js';
import { owaspStagingSafe } from './owasp.js';

// The inventory: /openapi.json lists every route the service answers, and every route
// it lists is covered here by an authorization check. A route added to the service
// without a line in ACCESS fails the second test until someone decides who may call it.

type Access = 'public' | 'bearer' | 'admin';

/** Who may call each documented route; a query that narrows who may call it has a line of its own. */
const ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /openapi.json': 'public',
  'POST /auth/register': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'bearer',
  'POST /users': 'admin',
  'GET /users': 'admin',
  'GET /users/me': 'bearer',
  'PUT /users/me': 'bearer',
  'PATCH /users/me': 'bearer',
  'GET /users/{id}': 'public',
  'PUT /users/{id}': 'bearer',
  'PATCH /users/{id}': 'bearer',
  'DELETE /users/{id}': 'bearer',
  'GET /products': 'public',
  'GET /products/{id}': 'public',
  'POST /products': 'admin',
  'PATCH /products/{id}': 'admin',
  'DELETE /products/{id}': 'admin',
  'GET /cart': 'bearer',
  'POST /cart/items': 'bearer',
  'PATCH /cart/items/{id}': 'bearer',
  'DELETE /cart/items/{id}': 'bearer',
  'POST /orders/checkout': 'bearer',
  'GET /orders': 'bearer',
  'GET /orders?scope=all': 'admin',
  'GET /orders/{id}': 'bearer',
  'POST /orders/{id}/cancel': 'bearer',
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

// Paths a service often answers without meaning to; none of them may exist here.
const USUAL_SUSPECTS = [
  '/admin', '/admin/users', '/debug', '/metrics', '/docs', '/documentation', '/swagger', '/swagger.json', '/openapi.yaml',
  '/graphql', '/api', '/v1', '/internal', '/status', '/env', '/.env', '/config', '/actuator', '/actuator/health',
  '/users/export', '/users/me/token', '/orders/all', '/server-status', '/.git/config',
];

/** How a call fared against the authorization rules, in words a test can compare. */
function authorization(response: ApiResponse<unknown>): string {
  if (response.status === 401) return response.header('www-authenticate')?.startsWith('Bearer') ? 'refused: 401 with a Bearer challenge' : '401 without a challenge';
  if (response.status === 403) return / is for admins only$/.test(response.problem.detail) ? 'refused: 403 for admins only' : `403: ${response.problem.detail}`;
  return 'let through';
}

const EXPECTED: Record<Access, { anonymous: string; customer: string }> = {
  public: { anonymous: 'let through', customer: 'let through' },
  bearer: { anonymous: 'refused: 401 with a Bearer challenge', customer: 'let through' },
  admin: { anonymous: 'refused: 401 with a Bearer challenge', customer: 'refused: 403 for admins only' },
};

/** "METHOD /template -> status" for a call the service answered although /openapi.json does not list it. */
const undocumentedAnswer = (documented: Set<string>, method: string, template: string, status: number): string[] =>
  status === 404 || status === 405 || documented.has(`${method} ${template}`) ? [] : [`${method} ${template} -> ${status}`];

test.describe('inventory', owaspStagingSafe('API9', 'API5'), () => {
  test('every route the service answers is in /openapi.json', async ({ api }) => {
    const paths = ensureOk(await api.health.openapi()).paths;
    const documented = new Set(Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));

    const undocumented: string[] = [];
    for (const template of [...Object.keys(paths), ...USUAL_SUSPECTS]) {
      const path = template.replace(/\{[^}]+\}/g, '1');
      for (const method of METHODS) {
        const { status } = await api.quiet().http.send(method, path);
        undocumented.push(...undocumentedAnswer(documented, method, template, status));
      }
    }

    expect(undocumented).toEqual([]);
  });

  test('every documented route has an authorization check, and passes it', async ({ api, customer }) => {
    const documented = Object.entries(ensureOk(await api.health.openapi()).paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = [...new Set(Object.keys(ACCESS).map((route) => route.split('?')[0]!))];
    expect(covered.sort(), 'the routes ACCESS covers are exactly the documented ones').toEqual(documented.sort());

    // Logout revokes the customer's token: it goes last. {id} is one nobody owns.
    const routes = Object.entries(ACCESS).sort(([a], [b]) => Number(a === 'POST /auth/logout') - Number(b === 'POST /auth/logout'));
    for (const [route, access] of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(/\{[^}]+\}/g, '2147483647');

      await test.step(`${route}: ${access}`, async () => {
        const anonymous = authorization(await api.http.send(method, path));
        const asCustomer = authorization(await customer.api.http.send(method, path));
        expect({ anonymous, customer: asCustomer }, route).toEqual(EXPECTED[access]);
      });
    }
  });
});
