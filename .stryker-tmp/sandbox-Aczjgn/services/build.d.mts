/** Transpiles a service's src/ to dist/; resolves to dist/main.js. */
// @ts-nocheck

export function buildService(serviceDir: string): Promise<string>;
