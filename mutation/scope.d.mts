/** Paths under services/shop-api/src/ that are domain code: a folder (ending in /) or one file. */
export const DOMAIN_CODE: readonly string[];
/** Stryker's `mutate` patterns, relative to the repository root. */
export const mutatePatterns: string[];
/** Whether a repository-relative path is domain code. */
export function isDomainCode(file: string): boolean;
