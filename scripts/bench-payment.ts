// How long a payment takes to settle: checkout 201 -> the order reads "paid", measured
// against a freshly started local target, over many orders, one after another.
//   npm run bench:payment -- [orders]      (default 30)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalStack } from '../runtime/local/index.js';
import { cli, wholeNumber } from './lib/cli.js';
import { buildServices } from '../runtime/services.js';

const args = cli({
  command: 'npm run bench:payment --',
  summary: 'Times how long a payment takes to settle (checkout 201 until the order reads "paid") on a freshly started local target, over many orders in turn.',
  positionals: { usage: '[<orders>]', max: 1 },
  options: {},
  examples: ['npm run bench:payment -- 50'],
});
const orders = wholeNumber(args, '<orders>', args.positionals[0] ?? '30');
await buildServices();
const stack = await startLocalStack({ name: 'bench-payment', logsDir: mkdtempSync(path.join(tmpdir(), 'bench-payment-logs-')), logLevel: 'warn' });

async function call(method: string, url: string, init: { token?: string; json?: unknown; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(stack.shopApi.url + url, { method, headers, body });
  const json = (await response.json().catch(() => undefined)) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${url} -> ${response.status} ${JSON.stringify(json)}`);
  return json;
}

try {
  const login = async (username: string, password: string) =>
    (await call('POST', '/auth/login', { form: { username, password } })).access_token as string;
  const admin = await login(stack.admin.username, stack.admin.password);
  const product = await call('POST', '/products', { token: admin, json: { sku: 'BENCH-1', name: 'Bench', price_cents: 500, stock: 100_000 } });
  await call('POST', '/auth/register', { json: { username: 'bench_user', email: 'bench@example.test', password: 'bench-password-1' } });
  const token = await login('bench_user', 'bench-password-1');

  const settle: number[] = [];
  for (let i = 0; i < orders; i++) {
    await call('POST', '/cart/items', { token, json: { product_id: product.id, quantity: 1 } });
    const order = await call('POST', '/orders/checkout', { token, json: { shipping_address: 'bench', payment_method: 'credit_card' } });
    const t0 = performance.now();
    for (;;) {
      const status = (await call('GET', `/orders/${String(order.id)}`, { token })).status;
      if (status === 'paid') break;
      if (status !== 'pending') throw new Error(`order ${String(order.id)} ended ${String(status)}`);
    }
    settle.push(performance.now() - t0);
  }
  const sorted = [...settle].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  process.stdout.write(
    `payment settle time (checkout 201 -> reads "paid"), ${orders} orders: ` +
      `min ${at(0)} ms, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${sorted.at(-1)!.toFixed(1)} ms\n`,
  );
} finally {
  await stack.stop();
}
