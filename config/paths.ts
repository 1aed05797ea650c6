import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: .env, reports and the services are found from here, whatever the working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where reports, traces and logs go: REPORTS_DIR, relative to the project root unless absolute. */
export const reportsDir = (settings: { REPORTS_DIR: string }): string => path.resolve(ROOT, settings.REPORTS_DIR);
