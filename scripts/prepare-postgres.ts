// npm's postinstall: initdb once into node_modules/.cache, so that every run (the
// first one too) copies a pristine cluster instead of running initdb. Never fails the
// install: without the template, a run simply does initdb itself.
import { performance } from 'node:perf_hooks';
import { prepareTemplate } from '../runtime/local/postgres/cluster.js';
import { cli } from './lib/cli.js';

cli({
  command: 'npm run postinstall --',
  summary: "Prepares the template PostgreSQL cluster (initdb into node_modules/.cache/shop-suite/), which every run copies; npm ci runs it. Never fails the install.",
  options: {},
  examples: ['npm run postinstall'],
});

const t0 = performance.now();
try {
  const result = await prepareTemplate();
  if (result === 'made') process.stdout.write(`[suite] PostgreSQL template cluster prepared in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
} catch (err) {
  process.stdout.write(`[suite] note: no PostgreSQL template cluster (${(err as Error).message.split('\n')[0]}); runs will initdb themselves\n`);
}
