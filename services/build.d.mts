/** Transpiles a service's src/ to dist/; resolves to dist/main.js. */
export function buildService(serviceDir: string): Promise<string>;
