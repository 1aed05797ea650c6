// @ts-nocheck
import type pg from 'pg';
import type { PasswordHasher } from '../lib/passwords.js';
import type { Settings } from '../settings.js';

/** Makes the account named by ADMIN_* exist, be an active admin, and have that password. */
export async function ensureAdmin(db: pg.Pool, settings: Settings, passwords: PasswordHasher): Promise<void> {
  const { ADMIN_USERNAME: username, ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = settings;
  if (!username || !email || !password) return;
  const { rows } = await db.query<{ id: number; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE lower(username) = lower($1) AND deleted_at IS NULL',
    [username],
  );
  const existing = rows[0];
  if (!existing) {
    await db.query(
      `INSERT INTO users (username, email, password_hash, role) VALUES ($1, $2, $3, 'admin')
       ON CONFLICT DO NOTHING`,
      [username, email, await passwords.hash(password)],
    );
    return;
  }
  const hash = (await passwords.verify(password, existing.password_hash)) ? existing.password_hash : await passwords.hash(password);
  await db.query(
    `UPDATE users SET role = 'admin', is_active = true, password_hash = $2, version = version + 1, updated_at = now()
     WHERE id = $1 AND (role <> 'admin' OR NOT is_active OR password_hash <> $2)`,
    [existing.id, hash],
  );
}
