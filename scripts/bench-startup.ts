// Times the local target's start-up and teardown as global setup runs them, several
// times over, and prints each run and min / median / max.
//   npm run bench:startup -- [runs]      (default 5)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildServices, startLocalStack } from '../runtime/local/index.js';

const runs = Number(process.argv[2] ?? 5);
const logsDir = mkdtempSync(path.join(tmpdir(), 'bench-startup-logs-'));
const ready: number[] = [];
const teardown: number[] = [];

await buildServices();
for (let i = 1; i <= runs; i++) {
  const t0 = performance.now();
  const stack = await startLocalStack({ name: `bench-${i}`, logsDir, logLevel: 'warn' });
  const t1 = performance.now();
  await stack.stop();
  const t2 = performance.now();
  ready.push(t1 - t0);
  teardown.push(t2 - t1);
  process.stdout.write(`run ${i}: ready in ${(t1 - t0).toFixed(0)} ms, stopped in ${(t2 - t1).toFixed(0)} ms\n`);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
};
process.stdout.write(`local target ready (postgres initdb + start + database, payment-provider and shop-api /ready): ${stats(ready)}\n`);
process.stdout.write(`local target teardown: ${stats(teardown)}\n`);
