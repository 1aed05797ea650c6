// @ts-nocheck
import { setTimeout as delay } from 'node:timers/promises';

// Reaching a deployed shop-api: a failure names its cause (DNS, refused, TLS, time-out,
// an HTTP status, or a service that is not shop-api) and says what to check. Only what
// a retry can fix (no answer yet, 502/503/504 while a deployment rolls) is retried within
// the budget; everything else fails at once.

export class Unreachable extends Error {
  override name = 'Unreachable';
}

interface Failure {
  message: string;
  /** Whether waiting and trying again could change the outcome. */
  retry: boolean;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** What went wrong with a fetch, in words, and whether to try again. */
export function classify(err: unknown, url: URL): Failure {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return { message: 'no answer in time (time-out): check that the host is reachable from this machine (firewall, VPN, proxy)', retry: true };
  const code = error.cause?.code ?? '';
  const detail = error.cause?.message ?? error.message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return { message: `the host name ${url.hostname} does not resolve (DNS: ${code}): check the URL for a typo, and this machine's DNS or VPN`, retry: false };
  }
  if (detail === 'bad port') return { message: `port ${url.port} is one that fetch refuses to use (a port browsers block, such as 9 or 6000): use another port`, retry: false };
  if (code === 'ECONNREFUSED') return { message: `connection refused: nothing listens at ${url.host}; check the port, and that the deployment is up`, retry: false };
  if (TLS_CODE.test(code)) return { message: `TLS failed (${code}: ${detail}): check the certificate of ${url.hostname}, or the scheme (http vs https)`, retry: false };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT') {
    return { message: `no answer in time (time-out, ${code}): check that the host is reachable from this machine (firewall, VPN, proxy)`, retry: true };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return { message: `the connection was reset (${code}): ${detail}`, retry: true };
  return { message: code ? `${code}: ${detail}` : detail, retry: false };
}

/** Statuses of a deployment that is (re)starting: worth waiting for. */
const TRANSIENT = new Set([502, 503, 504]);

async function get(url: URL, timeoutMs: number): Promise<{ status: number; body: string } | Failure> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  } catch (err) {
    return classify(err, url);
  }
}

const isFailure = (value: { status: number } | Failure): value is Failure => 'retry' in value;

/**
 * Waits until baseUrl/ready answers 200 (retrying only what a retry can fix, within
 * budgetMs), then checks that the service there is shop-api: its /openapi.json is
 * titled "shop-api". Returns what /ready said. Throws Unreachable with the cause and
 * what to check.
 */
export async function reachShopApi(baseUrl: string, { budgetMs = 15_000, intervalMs = 500 } = {}): Promise<{ ready: unknown }> {
  const ready = new URL(`${baseUrl}/ready`);
  const deadline = Date.now() + budgetMs;
  let readyBody: string;
  for (;;) {
    const remaining = deadline - Date.now();
    const answer = await get(ready, Math.max(500, Math.min(5_000, remaining)));
    if (!isFailure(answer) && answer.status === 200) {
      readyBody = answer.body;
      break;
    }
    const failure: Failure = isFailure(answer)
      ? answer
      : { message: `GET /ready answered ${answer.status}${TRANSIENT.has(answer.status) ? ' (not ready)' : ''}: ${answer.body.slice(0, 200)}`, retry: TRANSIENT.has(answer.status) };
    if (!failure.retry) throw new Unreachable(failure.message);
    if (Date.now() + intervalMs > deadline) throw new Unreachable(`still failing after ${Math.round(budgetMs / 1000)} s: ${failure.message}`);
    await delay(intervalMs);
  }

  const document = await get(new URL(`${baseUrl}/openapi.json`), 5_000);
  const title = isFailure(document) || document.status !== 200 ? undefined : titleOf(document.body);
  if (title !== 'shop-api') {
    const seen = isFailure(document) ? document.message : document.status !== 200 ? `GET /openapi.json answered ${document.status}` : `its /openapi.json is titled ${JSON.stringify(title ?? null)}`;
    throw new Unreachable(`it answers /ready, but it is not shop-api (${seen}; shop-api publishes /openapi.json titled "shop-api"): point BASE_URL at shop-api, not at another service`);
  }
  return { ready: parse(readyBody) };
}

const titleOf = (body: string): string | undefined => (parse(body) as { info?: { title?: string } } | undefined)?.info?.title;

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
