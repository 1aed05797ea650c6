import { writeServiceCoverage } from './runtime/coverage.js';
import { running } from './runtime/running.js';

// Stops exactly what global setup started; Playwright runs this also after failures and Ctrl+C.
// Then the services' coverage, which their processes wrote as they exited.
export default async function globalTeardown(): Promise<void> {
  const target = running.target;
  running.target = undefined;
  await target?.stop();
  if (target?.coverageDir) await writeServiceCoverage(target.coverageDir);
}
