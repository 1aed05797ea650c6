// @ts-nocheck
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from './settings.js';

/** The project root: .env, reports and the services are found from here, whatever the working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where reports, traces and logs go: REPORTS_DIR, relative to the project root unless absolute. */
export const reportsDir = (settings: Pick<Settings, 'REPORTS_DIR'>): string => path.resolve(ROOT, settings.REPORTS_DIR);
