// Times how long a target takes to be ready (database and services answering) and to
// stop, as global setup does it, several times over; prints each run and
// min / median / max.
//   npm run bench:startup -- [--target local|containers] [--runs N] [--cold]
// --cold (containers): before each run, remove the suite's images (the services' and the
// prebuilt PostgreSQL) and Docker's build cache for them, so the run builds them all from
// their Dockerfiles. Base images (node, postgres) stay: on a machine without a registry
// they cannot be pulled again.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { settingsSchema } from '../config/settings.js';
import { startLocalStack } from '../runtime/local/index.js';
import { buildServices } from '../runtime/services.js';
import { StageClock } from '../runtime/stages.js';
import { cli, wholeNumber } from './lib/cli.js';

const args = cli({
  command: 'npm run bench:startup --',
  summary: 'Starts and stops a target as global setup does, several times, and prints how long it took to be ready and to stop (min, median, max).',
  options: {
    target: { type: 'string', default: 'local', value: 'local|containers', description: 'which target' },
    runs: { type: 'string', default: '5', value: 'n', description: 'how many times' },
    cold: { type: 'boolean', default: false, description: "containers: remove the suite's images and Docker's build cache for them before each run" },
    // Internal: one measured run, reported as JSON (a cold run needs a fresh process:
    // Testcontainers remembers which images exist).
    once: { type: 'boolean', default: false, description: '(internal) one run, reported as JSON' },
  },
  examples: ['npm run bench:startup -- --runs 9', 'npm run bench:startup -- --target containers --runs 3 --cold'],
});
const { values } = args;
if (values.target !== 'local' && values.target !== 'containers') args.fail(`--target ${JSON.stringify(values.target)}: expected local or containers`);
const runs = wholeNumber(args, '--runs', values.runs);
const root = path.resolve(import.meta.dirname, '..');
const logsDir = mkdtempSync(path.join(tmpdir(), 'bench-startup-logs-'));
const ready: number[] = [];
const teardown: number[] = [];

function removeServiceImages(): void {
  const images = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'shop-suite/*'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (images.length > 0) execFileSync('docker', ['rmi', '--force', ...images], { stdio: 'ignore' });
  execFileSync('docker', ['image', 'prune', '--force'], { stdio: 'ignore' });
}

async function start(): Promise<() => Promise<void>> {
  if (values.target === 'containers') {
    const settings = settingsSchema.parse({ TARGET: 'containers', SERVICE_LOG_LEVEL: 'warn' });
    const { startContainers } = await import('../runtime/containers/index.js');
    const started = await startContainers(settings, 'bench', new StageClock(() => {}), { root, logsDir, coverageDir: undefined });
    return started.stop;
  }
  const stack = await startLocalStack({ name: 'bench', logsDir, logLevel: 'warn' });
  return stack.stop;
}

async function measure(): Promise<{ ready: number; teardown: number }> {
  const t0 = performance.now();
  const stop = await start();
  const t1 = performance.now();
  await stop();
  return { ready: t1 - t0, teardown: performance.now() - t1 };
}

await buildServices();
if (values.once) {
  process.stdout.write(`${JSON.stringify(await measure())}\n`);
  process.exit(0);
}
for (let i = 1; i <= runs; i++) {
  let run;
  if (values.cold) {
    removeServiceImages();
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--target', values.target, '--once'], { encoding: 'utf8', env: process.env });
    run = JSON.parse(out.trim().split('\n').at(-1)!) as { ready: number; teardown: number };
  } else {
    run = await measure();
  }
  ready.push(run.ready);
  teardown.push(run.teardown);
  process.stdout.write(`run ${i}: ready in ${run.ready.toFixed(0)} ms, stopped in ${run.teardown.toFixed(0)} ms\n`);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
};
const what = `${values.target}${values.target === 'containers' ? (values.cold ? ' (cold: images built)' : ' (warm: images unchanged)') : ''}`;
process.stdout.write(`${what} target ready: ${stats(ready)}\n`);
process.stdout.write(`${what} target teardown: ${stats(teardown)}\n`);
