import { buildServices } from '../runtime/services.js';

// The nested tests start services of their own: built once here, before any worker
// (skipped when unchanged), so that two workers never write the same dist/ at once.
export default async function buildForNestedRuns(): Promise<void> {
  await buildServices();
}
