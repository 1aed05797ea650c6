// @ts-nocheck
import { closeSync, writeSync } from 'node:fs';
import { buildProvider } from './app.js';

// Settings from the environment; the defaults are API.md's numbers.
const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`payment-provider: ${name}=${raw} is not a whole number >= 0\n`);
    process.exit(2);
  }
  return value;
};

const app = buildProvider(
  {
    slowMs: number('SLOW_MS', 1500),
    timeoutMs: number('TIMEOUT_MS', 30_000),
    processingErrorFailures: number('PROCESSING_ERROR_FAILURES', 2),
  },
  { level: process.env.LOG_LEVEL ?? 'info' },
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

const address = await app.listen({ host: process.env.HOST ?? '0.0.0.0', port: number('PORT', 4000) });
// A parent that started this service on PORT=0 learns the port it got on this descriptor.
if (process.env.ADDRESS_REPORT_FD) {
  const fd = Number(process.env.ADDRESS_REPORT_FD);
  writeSync(fd, `${address}\n`);
  closeSync(fd);
}
