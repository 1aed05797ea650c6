import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ContractError, Http } from '../../api-clients/index.js';
import { expect, test } from '../fixtures.js';

// The one HTTP layer, against a tiny server of the test's own that answers exactly
// what each case needs: contracts are enforced, and secrets never reach the report.

let server: Server;
let baseURL: string;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, type: string, payload: string) => response.writeHead(status, { 'content-type': type }).end(payload);
      if (request.url === '/ok') return send(200, 'application/json', JSON.stringify({ id: 1, name: 'x' }));
      if (request.url === '/broken') return send(200, 'application/json', JSON.stringify({ id: 'one' }));
      if (request.url === '/html-error') return send(500, 'text/html', '<h1>oops</h1>');
      if (request.url === '/problem') return send(404, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'thing not found', request_id: '0b6f1c1e-8d0f-4c49-9a53-2f1d7f0e5a11' }));
      if (request.url === '/echo') return send(200, 'application/json', body || '{}');
      return send(404, 'text/plain', 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const Thing = z.strictObject({ id: z.int(), name: z.string() });

test.describe('the HTTP layer', () => {
  test('a 2xx body is parsed and checked against the schema', async ({ playwright }) => {
    const http = new Http({ request: await playwright.request.newContext({ baseURL }), baseURL });

    const response = await http.send('GET', '/ok', { schema: Thing });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: 1, name: 'x' });
    expect(() => response.problem).toThrow('expected an error response, got 200');
  });

  test('a 2xx body that breaks the schema fails with the zod issue and the body', async ({ playwright }) => {
    const http = new Http({ request: await playwright.request.newContext({ baseURL }), baseURL });

    const error = await http.send('GET', '/broken', { schema: Thing }).then(() => undefined, (err: unknown) => err as Error);

    expect(error).toBeInstanceOf(ContractError);
    expect(error?.message).toContain("GET /broken -> 200: the body breaks the suite's schema");
    expect(error?.message).toMatch(/ {2}id: .*expected number, received string/);
    expect(error?.message).toMatch(/ {2}name: .*expected string/);
    expect(error?.message).toContain('body: {"id":"one"}');
  });

  test('an error that is not problem details fails the call; one that is can be read', async ({ playwright }) => {
    const http = new Http({ request: await playwright.request.newContext({ baseURL }), baseURL });

    await expect(http.send('GET', '/html-error')).rejects.toThrow('error responses must be application/problem+json, got text/html');
    const problem = await http.send('GET', '/problem');
    expect(problem.problem.detail).toBe('thing not found');
    expect(() => problem.body).toThrow('expected a 2xx response, got 404');
  });

  test('each call is a step named method, path, status and duration, with both bodies attached and secrets masked', async ({ playwright }) => {
    const http = new Http({ request: await playwright.request.newContext({ baseURL }), baseURL }).withToken('secret.token.value');

    await http.send('POST', '/echo', { json: { username: 'ann', password: 'hunter2', access_token: 'abc' } });

    const attachments = test.info().attachments.filter((a) => a.name.startsWith('POST /echo'));
    expect(attachments.map((a) => a.name)).toEqual(['POST /echo request', 'POST /echo response 200']);
    const shown = attachments.map((a) => a.body?.toString() ?? '').join('\n');
    expect(shown).toContain('"username": "ann"');
    expect(shown).toContain('"authorization": "Bearer ***"');
    expect(shown).not.toMatch(/hunter2|secret\.token\.value|"abc"/);
  });

  test('quiet calls are checked all the same, without a step or attachment each', async ({ playwright }) => {
    const http = new Http({ request: await playwright.request.newContext({ baseURL }), baseURL }).quiet();

    await http.send('GET', '/ok', { schema: Thing });

    await expect(http.send('GET', '/html-error')).rejects.toThrow(ContractError);
    expect(test.info().attachments.filter((a) => a.name.startsWith('GET /ok'))).toEqual([]);
  });
});
