import { createServer } from 'node:net';
import { expect, test } from '../fixtures.js';
import { attachOutput, runSuite } from '../run-suite.js';

// A bad setting or an unusable target stops `npx playwright test` at once with one
// message that says what is wrong and what to do: exit code 2, nothing on stdout (it
// belongs to the reporter), and no stack trace.

const STACK_FRAME = /^\s+at .+[(:]\d+/m;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test.describe('bad input to the harness', () => {
  // Each starts Playwright as a child process.
  test.describe.configure({ timeout: 60_000 });

  test('WORKERS=0 is a settings error, not a crash', async () => {
    const args = ['--list'];
    const run = await runSuite(args, { WORKERS: '0' });
    await attachOutput(args, run);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('WORKERS="0" (from the environment): expected a number of workers of 1 or more');
    expect(run.stderr).toContain('.env.example documents every setting');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  test('an unreachable BASE_URL names the cause and stops the run', async () => {
    const port = await closedPort();
    const args = ['tests/api/protocol.spec.ts'];
    const run = await runSuite(args, { TARGET: 'remote', BASE_URL: `http://127.0.0.1:${port}` });
    await attachOutput(args, run);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`BASE_URL=http://127.0.0.1:${port} cannot be used: connection refused: nothing listens at 127.0.0.1:${port}`);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
