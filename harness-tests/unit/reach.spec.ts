import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../fixtures.js';
import { reachShopApi, Unreachable } from '../../runtime/reach.js';

// Reaching a deployed shop-api (the remote target): each way it can fail is named, and
// only what a retry can fix is retried.

async function serve(handler: RequestListener): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

const close = (server: Server) => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});

const json = (status: number, body: unknown): RequestListener => (_request, response) =>
  void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const shopApiLike: RequestListener = (request, response) =>
  json(200, request.url === '/openapi.json' ? { openapi: '3.1.0', info: { title: 'shop-api', version: '1' } } : { status: 'ready' })(request, response);

test.describe('reaching a deployed shop-api', () => {
  test('a host name that does not resolve is named as a DNS failure, at once', async () => {
    await expect(reachShopApi('http://shop-suite-test.invalid')).rejects.toThrow(/the host name shop-suite-test\.invalid does not resolve \(DNS: \w+\)/);
  });

  test('a refused connection says nothing listens there, at once', async () => {
    const { url, server } = await serve(shopApiLike);
    await close(server);

    await expect(reachShopApi(url)).rejects.toThrow(`connection refused: nothing listens at ${new URL(url).host}`);
  });

  test('https to a server that does not speak TLS is named as a TLS failure', async () => {
    const { url, server } = await serve(shopApiLike);

    await expect(reachShopApi(url.replace('http:', 'https:'))).rejects.toThrow(/^TLS failed \(/);
    await close(server);
  });

  test('a status a retry cannot fix (404 on /ready) fails on the first answer', async () => {
    const { url, server, requests } = await serve(json(404, { error: 'no such route' }));

    await expect(reachShopApi(url)).rejects.toThrow('GET /ready answered 404: {"error":"no such route"}');
    expect(requests).toEqual(['/ready']);
    await close(server);
  });

  test('503 while a deployment starts is waited for, then shop-api is confirmed', async () => {
    let readyCalls = 0;
    const { url, server, requests } = await serve((request, response) =>
      request.url === '/ready' && ++readyCalls <= 2 ? json(503, { status: 'starting' })(request, response) : shopApiLike(request, response));

    await reachShopApi(url, { intervalMs: 10 });

    expect(requests).toEqual(['/ready', '/ready', '/ready', '/openapi.json']);
    await close(server);
  });

  test('a service that answers /ready but is not shop-api is refused, saying so', async () => {
    const { url, server } = await serve((request, response) =>
      request.url === '/ready' ? json(200, { status: 'ready' })(request, response) : json(404, { error: { code: 'not_found' } })(request, response));

    const reach = reachShopApi(url);

    await expect(reach).rejects.toThrow(Unreachable);
    await expect(reach).rejects.toThrow('it answers /ready, but it is not shop-api (GET /openapi.json answered 404');
    await close(server);
  });

  test('a server that never answers is named as a time-out once the budget is spent', async () => {
    const { url, server } = await serve(() => {}); // accepts, never answers

    await expect(reachShopApi(url, { budgetMs: 1_000, intervalMs: 100 })).rejects.toThrow(/still failing after 1 s: no answer in time \(time-out/);
    await close(server);
  });
});
