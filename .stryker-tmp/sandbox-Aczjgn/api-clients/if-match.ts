/** If-Match for a version, as ETag "<version>"; a string is sent as given (for malformed values). */
// @ts-nocheck

export const ifMatch = (version: number | string | undefined): Record<string, string> =>
  version === undefined ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version };
