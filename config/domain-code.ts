import { readFileSync } from 'node:fs';

// shop-api's domain code, as config/domain-code.json lists it (the data both coverage and
// mutation testing read; stryker.config.mjs reads the same file).

const { root, paths } = JSON.parse(readFileSync(new URL('./domain-code.json', import.meta.url), 'utf8')) as { root: string; paths: string[] };

/** Whether a repository-relative path is domain code. */
export const isDomainCode = (file: string): boolean => paths.some((p) => file.startsWith(`${root}${p}`));
