// @ts-nocheck
// npm's postinstall: initdb once into node_modules/.cache, so that every run (the
// first one too) copies a pristine cluster instead of running initdb. Never fails the
// install: without the template, a run simply does initdb itself.
import { performance } from 'node:perf_hooks';
import { prepareTemplate } from '../runtime/local/postgres/cluster.js';

const t0 = performance.now();
try {
  const result = await prepareTemplate();
  if (result === 'made') process.stdout.write(`[suite] PostgreSQL template cluster prepared in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
} catch (err) {
  process.stdout.write(`[suite] note: no PostgreSQL template cluster (${(err as Error).message.split('\n')[0]}); runs will initdb themselves\n`);
}
