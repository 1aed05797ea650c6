import { closeSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { buildApp } from './app.js';
import { ensureAdmin } from './db/seed.js';
import { isDatabaseUnavailable } from './plugins/app/problems.js';
import { loadSettings } from './settings.js';

// Listens at once (so /health answers and /ready says 503), then waits for the database
// as long as it takes to come up, migrates and seeds it, and only then reports ready.
let settings;
try {
  settings = loadSettings();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}

const app = await buildApp(settings, {
  level: settings.LOG_LEVEL,
  redact: ['req.headers.authorization', 'req.headers.cookie'],
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

const address = await app.listen({ host: settings.HOST, port: settings.PORT });
// A parent that started this service on PORT=0 learns the port it got on this descriptor.
if (process.env.ADDRESS_REPORT_FD) {
  const fd = Number(process.env.ADDRESS_REPORT_FD);
  writeSync(fd, `${address}\n`);
  closeSync(fd);
}

// Loaded after listening: migrating is only needed once the database answers.
const { migrate } = await import('./db/migrate.js');

for (let attempt = 1; !stopping; attempt++) {
  try {
    await app.db.query('SELECT 1');
    break;
  } catch (err) {
    if (!isDatabaseUnavailable(err) && !/does not exist|starting up/i.test(String(err))) throw err;
    if (attempt === 1 || attempt % 100 === 0) app.log.warn({ attempt, err: String(err) }, 'waiting for the database');
    await delay(attempt < 200 ? 25 : 1000); // quick while a fresh database comes up, then patient
  }
}
try {
  await migrate(app.db, settings.DATABASE_URL, app.log);
  await ensureAdmin(app.db, settings, app.passwords);
} catch (err) {
  app.log.fatal({ err }, 'start-up failed');
  process.exit(1);
}
app.started = true;
if (app.payments) app.payments.start();
else app.log.warn('PAYMENT_PROVIDER_URL is not set: orders will stay pending');
app.log.info('shop-api ready');
