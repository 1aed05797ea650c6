import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Operations, type OpenApiDocument } from './document.js';

// shop-api's document, as the run found it: fetched once by global setup (from the
// target itself, staging included) and read by every worker.

export const documentFile = (reportsDir: string) => path.join(reportsDir, 'openapi.json');

/** Fetches baseUrl/openapi.json into the reports directory; returns how many operations it documents. */
export async function saveDocument(baseUrl: string, reportsDir: string): Promise<number> {
  const response = await fetch(`${baseUrl}/openapi.json`, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`GET ${baseUrl}/openapi.json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  writeFileSync(documentFile(reportsDir), JSON.stringify(document, null, 2));
  return new Operations(document).list().length;
}

export const readDocument = (reportsDir: string): OpenApiDocument => JSON.parse(readFileSync(documentFile(reportsDir), 'utf8')) as OpenApiDocument;
