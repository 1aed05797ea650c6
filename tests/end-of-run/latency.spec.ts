import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { callLogDir, readCallLogs } from '../../api-clients/openapi/call-log.js';
import { reportsDir } from '../../config/paths.js';
import { expect, test } from '../../fixtures/index.js';
import { latencyOf, latencyTable } from '../../scripts/latency/summary.js';

// The run's latency per operation (count, p50, p95, max), from the times the HTTP layer
// recorded: attached here and written to reports/latency.json, which the nightly compares
// with the previous night's (npm run latency). Timings are recorded, never asserted.

test.describe('latency', { tag: '@invariant' }, () => {
  test('count, p50, p95 and max of every operation the run called, written to reports/latency.json', async ({ settings, manifest }) => {
    const reports = reportsDir(settings);
    const calls = readCallLogs(callLogDir(reports));
    const latency = latencyOf(calls, manifest.runId);
    writeFileSync(path.join(reports, 'latency.json'), `${JSON.stringify(latency, null, 2)}\n`);
    await test.info().attach('latency per operation', { body: latencyTable(latency), contentType: 'text/plain' });

    const counted = Object.values(latency.operations).reduce((sum, s) => sum + s.count, 0) + latency.undocumentedCalls;
    expect(counted, 'every call of the run is in it, once').toBe(calls.length);
    for (const [operation, s] of Object.entries(latency.operations)) expect([s.p50 <= s.p95, s.p95 <= s.max], operation).toEqual([true, true]);
  });
});
