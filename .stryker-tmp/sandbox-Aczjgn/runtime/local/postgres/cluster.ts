// @ts-nocheck
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../config/paths.js';
import { DATABASE } from '../../services.js';
import { tail } from '../child.js';
import { postgresOsUser, type OsUser } from '../os-user.js';
import { scratchParentDir } from '../temp-dir.js';
import { binaries } from './binaries.js';

// Where a cluster's files come from: a fresh directory under a temp dir, filled with a
// copy of a pristine template cluster (tens of milliseconds), or by initdb (about a
// second) whose result is then kept as the template.

const INITDB_ARGS = [
  '--username', DATABASE.user, '--auth-host=scram-sha-256', '--auth-local=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions',
];
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/shop-suite');

/** A fresh, private directory for a cluster (its data and its socket), owned by the server's OS user. */
export function makeClusterRoot(name: string, osUser: OsUser | undefined): string {
  const root = mkdtempSync(path.join(scratchParentDir(), `${name}-`));
  if (osUser) chownSync(root, osUser.uid, osUser.gid);
  return root;
}

/** The template's place; its name changes with the binaries, the initdb arguments and the owner. */
function templatePath(initdb: string, osUser: OsUser | undefined): string {
  const { size, mtimeMs } = statSync(initdb);
  const key = createHash('sha256').update(JSON.stringify([initdb, size, mtimeMs, INITDB_ARGS, DATABASE.password, osUser?.uid ?? process.getuid?.()])).digest('hex').slice(0, 16);
  return path.join(CACHE_DIR, `pg-template-${key}`);
}

/** Fills root/data: a copy of the template cluster when there is one, else initdb (kept as the template). */
export async function fillDataDir(root: string, logFile: string, osUser: OsUser | undefined): Promise<'copied' | 'initdb'> {
  const dataDir = path.join(root, 'data');
  const { initdb } = await binaries();
  const template = templatePath(initdb, osUser);
  if (existsSync(template)) {
    try {
      // -a keeps modes and owners: PostgreSQL insists on a private, own data directory.
      execFileSync('cp', ['-a', template, dataDir]);
      return 'copied';
    } catch {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  await runInitdb(initdb, root, dataDir, logFile, osUser);
  keepAsTemplate(dataDir, template);
  return 'initdb';
}

async function runInitdb(initdb: string, root: string, dataDir: string, logFile: string, osUser: OsUser | undefined): Promise<void> {
  const pwfile = path.join(root, 'pwfile');
  writeFileSync(pwfile, `${DATABASE.password}\n`);
  if (osUser) chownSync(pwfile, osUser.uid, osUser.gid);
  const log = openSync(logFile, 'a');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(initdb, ['--pgdata', dataDir, '--pwfile', pwfile, ...INITDB_ARGS], { ...osUser, stdio: ['ignore', log, log] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}`))));
    });
  } catch (err) {
    throw new Error(`initdb failed (${(err as Error).message}); see ${logFile}:\n${tail(logFile)}`);
  } finally {
    closeSync(log);
  }
}

/** Saves a pristine cluster as the template; best effort, and safe when two runs race to do it. */
function keepAsTemplate(dataDir: string, template: string): void {
  const staging = `${template}.tmp-${process.pid}`;
  try {
    mkdirSync(path.dirname(template), { recursive: true });
    execFileSync('cp', ['-a', dataDir, staging]);
    renameSync(staging, template);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Makes sure the template cluster exists (npm's postinstall runs this, so that even a first run copies it). */
export async function prepareTemplate(): Promise<'ready' | 'made'> {
  const osUser = postgresOsUser();
  const { initdb } = await binaries();
  if (existsSync(templatePath(initdb, osUser))) return 'ready';
  mkdirSync(CACHE_DIR, { recursive: true });
  const root = makeClusterRoot('shop-suite-template', osUser);
  try {
    await fillDataDir(root, path.join(CACHE_DIR, 'template-initdb.log'), osUser);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return 'made';
}
