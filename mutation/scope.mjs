// shop-api's domain code: what `npm run mutation` mutates and what the coverage
// report's "domain code" line totals. Routes, repositories, orders, payments, and the
// auth and validation plugins; not start-up and settings plumbing (main, settings, app,
// db/, the external plugins), schemas (data, not logic) or the cache (covered by its own
// tests on private stacks, and read only on a cache the mutation run does not start).

/** Paths under services/shop-api/src/: a folder (ending in /) or one file. */
export const DOMAIN_CODE = ['routes/', 'repositories/', 'orders/', 'payments/', 'plugins/app/auth.ts', 'plugins/app/validation.ts'];

const SRC = 'services/shop-api/src/';

/** Stryker's `mutate` patterns, relative to the repository root. */
export const mutatePatterns = DOMAIN_CODE.map((p) => (p.endsWith('/') ? `${SRC}${p}**/*.ts` : `${SRC}${p}`));

/** Whether a repository-relative path is domain code. */
export const isDomainCode = (file) => DOMAIN_CODE.some((p) => file.startsWith(`${SRC}${p}`));
