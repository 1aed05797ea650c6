import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Staging as a nightly run reaches it, with the network in between made worse on purpose:
// a small HTTP proxy in front of a shop-api that forwards every call, except that calls
// to a route made slow are answered that much later, calls to a route made broken get a
// 503 problem, and calls to a route on hold wait, unanswered and not forwarded, until
// they are failed. shop-api itself is not changed (nothing in it is a test switch).

type Route = string; // "GET /cart", "PATCH /cart/items/{id}"
type Matcher = (req: http.IncomingMessage) => boolean;

const matcher = (route: Route): Matcher => {
  const [method, template] = route.split(' ') as [string, string];
  const path = new RegExp(`^${template.replace(/\{[^}]+\}/g, '\\d+')}$`);
  return (req) => req.method === method && path.test((req.url ?? '').split('?')[0]!);
};

const unavailable = (res: http.ServerResponse, why: string) => {
  const problem = { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `${why} by the staging proxy of a self-test` };
  res.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify(problem));
};

export interface StagingProxy {
  url: string;
  /** Answers this route `ms` later. */
  slow(route: Route, ms: number): void;
  /** Answers this route with a 503 problem, without forwarding it. */
  broken(route: Route): void;
  /** Keeps calls to this route waiting, unanswered and not forwarded, until failHeld. */
  hold(route: Route): void;
  /** How many calls are waiting on hold now. */
  holding(): number;
  /** Answers the calls waiting on hold with a 503 problem; later calls are held again. */
  failHeld(): void;
  /** Forwards every call as it is again: no route slow, broken or on hold. */
  forwardAll(): void;
  close(): Promise<void>;
}

export async function startStagingProxy(target: string): Promise<StagingProxy> {
  const upstream = new URL(target);
  const slow: { matches: Matcher; ms: number }[] = [];
  const broken: Matcher[] = [];
  const onHold: Matcher[] = [];
  let held: http.ServerResponse[] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const call = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    call.on('error', () => res.destroy());
    req.pipe(call);
  };

  const server = http.createServer((req, res) => {
    if (broken.some((matches) => matches(req))) {
      req.resume();
      unavailable(res, 'made broken');
    } else if (onHold.some((matches) => matches(req))) {
      req.resume();
      held.push(res);
      // A caller that gives up (or is killed) leaves nothing to answer.
      res.on('close', () => void (held = held.filter((r) => r !== res)));
    } else {
      const delay = slow.find((s) => s.matches(req))?.ms ?? 0;
      if (delay > 0) setTimeout(() => forward(req, res), delay);
      else forward(req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    slow: (route, ms) => void slow.push({ matches: matcher(route), ms }),
    broken: (route) => void broken.push(matcher(route)),
    hold: (route) => void onHold.push(matcher(route)),
    holding: () => held.length,
    failHeld: () => {
      for (const res of held) unavailable(res, 'held, then failed');
      held = [];
    },
    forwardAll: () => {
      slow.length = 0;
      broken.length = 0;
      onHold.length = 0;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
