// @ts-nocheck
// The production deny-list: hosts the suite must never run against, because it
// creates and deletes data. PRODUCTION_DENYLIST is a comma-separated list of host
// names, * matching any run of characters ("api.shop.com,*.prod.shop.com"); an entry
// with a port ("db.shop.com:5432") matches that port only.

function toRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** The deny-list entry the URL's host matches, if any. */
export function deniedBy(url: string, denylist: string): string | undefined {
  const { hostname, port } = new URL(url);
  const hostPort = port ? `${hostname}:${port}` : hostname;
  return denylist
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .find((entry) => toRegExp(entry).test(entry.includes(':') ? hostPort : hostname));
}
