// Removes what earlier runs of the suite left on a deployment (staging): users of a run
// deleted, its products archived, its pending orders cancelled, through the admin API,
// only those older than the age given. A dry run unless --apply.
//   npm run staging:sweep -- --older-than 6h [--apply]
// Reads BASE_URL, ADMIN_USERNAME, ADMIN_PASSWORD and PRODUCTION_DENYLIST like the suite
// (.env or the environment). Exit: 0 done, 1 an action failed, 2 could not start.
import { CALL_TIMEOUT_MS, ensureOk, Http, shopApi } from '../../api-clients/index.js';
import { deniedBy } from '../../config/denylist.js';
import { loadSettings, SettingsError } from '../../config/settings.js';
import { reachShopApi, Unreachable } from '../../runtime/reach.js';
import { cli } from '../lib/cli.js';
import { formatDuration, parseDuration } from '../lib/duration.js';
import { textTable } from '../lib/table.js';
import { findLeftovers } from './leftovers.js';
import { carryOut, plan, SWEEP_HEADER, sweepRow } from './plan.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Stops before anything is touched, saying why. */
function refuse(message: string): never {
  process.stderr.write(`[sweep] ${message}\n`);
  process.exit(2);
}

const command = cli({
  command: 'npm run staging:sweep --',
  summary: "Finds what earlier runs of the suite left on a deployment (users, products, pending orders, by their run marks) through the admin API, and with --apply deletes the users, archives the products and cancels the orders older than the age. Reads BASE_URL, ADMIN_USERNAME, ADMIN_PASSWORD and PRODUCTION_DENYLIST like the suite. Exit 0 done, 1 an action failed, 2 could not start.",
  options: {
    'older-than': { type: 'string', value: 'age', description: 'only what is older than this: a number and a unit (s, m, h, d), e.g. 6h (required)' },
    apply: { type: 'boolean', default: false, description: 'act on it (without: a dry run that prints the table)' },
  },
  examples: ['npm run staging:sweep -- --older-than 6h', 'npm run staging:sweep -- --older-than 6h --apply'],
});
const args = command.values;
const olderThanMs = parseDuration(args['older-than'] ?? '') ?? command.fail('--older-than is required, a number and a unit (s, m, h, d), e.g. 6h');

const settings = (() => {
  try {
    return loadSettings();
  } catch (err) {
    return refuse(err instanceof SettingsError ? err.message : String(err));
  }
})();
const baseUrl = settings.BASE_URL ?? refuse('BASE_URL is not set: the deployment to sweep (in .env or the environment)');
if (!settings.ADMIN_USERNAME || !settings.ADMIN_PASSWORD) refuse('ADMIN_USERNAME and ADMIN_PASSWORD are needed: the sweep works through the admin API');
const denied = deniedBy(baseUrl, settings.PRODUCTION_DENYLIST);
if (denied) refuse(`Refusing to sweep ${new URL(baseUrl).host}: it matches "${denied}" in PRODUCTION_DENYLIST. The sweep deletes and archives data; point BASE_URL at staging.`);
try {
  await reachShopApi(baseUrl);
} catch (err) {
  refuse(err instanceof Unreachable ? `BASE_URL=${baseUrl} cannot be used: ${err.message}.` : String(err));
}

const { request } = await import('@playwright/test'); // loaded once the command line and the settings are good
const context = await request.newContext({ baseURL: baseUrl, timeout: CALL_TIMEOUT_MS });
try {
  const api = shopApi(new Http({ request: context, baseURL: baseUrl }).quiet());
  const login = await api.auth.login(settings.ADMIN_USERNAME, settings.ADMIN_PASSWORD);
  if (login.status !== 200) refuse(`the admin could not log in at ${baseUrl}: POST /auth/login answered ${login.status}`);
  const admin = api.as(ensureOk(login).access_token);

  const planned = plan(await findLeftovers(admin), { now: Date.now(), olderThanMs });
  const due = planned.filter((item) => item.due);
  if (args.apply) for (const item of due) item.result = await carryOut(admin, item);

  const failed = due.filter((item) => item.result && !item.result.ok);
  const runs = new Set(planned.map((item) => item.run.runId)).size;
  process.stdout.write(
    `[sweep] ${baseUrl}: ${count(planned.length, 'leftover')} of ${count(runs, 'run')}; ${due.length} older than ${formatDuration(olderThanMs)}` +
      `${args.apply ? `: ${due.length - failed.length} done, ${failed.length} failed` : ': dry run, nothing changed (--apply to carry it out)'}\n`,
  );
  if (planned.length > 0) process.stdout.write(`${textTable(SWEEP_HEADER, planned.map(sweepRow))}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} finally {
  await context.dispose();
}
