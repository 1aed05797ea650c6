// @ts-nocheck
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { runner } from 'node-pg-migrate';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies pending SQL migrations; concurrent starters wait on node-pg-migrate's advisory lock. */
export async function migrate(databaseUrl: string, log: FastifyBaseLogger): Promise<void> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'schema_migrations',
    advisoryLockMode: 'wait',
    logger: { info: () => {}, warn: (m) => log.warn(m), error: (m) => log.error(m) },
  });
  log.info({ migrations: applied.map((m) => m.name) }, `database migrated (${applied.length} applied)`);
}
