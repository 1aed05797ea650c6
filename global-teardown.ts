import { running } from './runtime/running.js';

// Stops exactly what global setup started; Playwright runs this also after failures and Ctrl+C.
export default async function globalTeardown(): Promise<void> {
  const target = running.target;
  running.target = undefined;
  await target?.stop();
}
