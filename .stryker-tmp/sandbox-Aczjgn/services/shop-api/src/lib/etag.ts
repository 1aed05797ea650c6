// @ts-nocheck
// Optimistic concurrency: every mutable resource has a version, sent as ETag "<version>".

export const etag = (version: number): string => `"${version}"`;

/**
 * The version an If-Match header asks for: undefined when there is no precondition
 * (no header, or "*"), NaN when the header can never match (a malformed or weak tag).
 */
export function ifMatchVersion(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,9})"\s*$/.exec(value);
  return match ? Number(match[1]) : Number.NaN;
}
