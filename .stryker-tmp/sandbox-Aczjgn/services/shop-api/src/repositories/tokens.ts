// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import type pg from 'pg';
import type { RoleName } from '../schemas/users.js';
export async function recordToken(db: pg.Pool, jti: string, userId: number, ttlSeconds: number): Promise<void> {
  await db.query(`INSERT INTO access_tokens (jti, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [jti, userId, ttlSeconds]);
}

/** The holder of a token that is unrevoked, unexpired, and whose user still exists and is active. */
export async function findTokenHolder(db: pg.Pool, jti: string, userId: number) {
  const {
    rows
  } = await db.query<{
    id: number;
    role: RoleName;
  }>(`SELECT u.id, u.role FROM access_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.jti = $1 AND t.user_id = $2 AND t.revoked_at IS NULL AND t.expires_at > now()
       AND u.deleted_at IS NULL AND u.is_active`, [jti, userId]);
  return rows[0];
}
export async function revokeToken(db: pg.Pool, jti: string): Promise<void> {
  await db.query(stryMutAct_9fa48("0") ? "" : (stryCov_9fa48("0"), 'UPDATE access_tokens SET revoked_at = now() WHERE jti = $1 AND revoked_at IS NULL'), stryMutAct_9fa48("1") ? [] : (stryCov_9fa48("1"), [jti]));
}