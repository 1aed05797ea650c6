// @ts-nocheck
// Secrets never reach a report: values under these keys (at any depth) and bearer
// tokens in headers are replaced before anything is attached.
const SECRET_KEY = /pass(word)?|secret|^((access|refresh|id)_)?token$|authorization|cookie|api[-_]?key/i;
const MASK = '***';

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null && typeof v !== 'object' ? MASK : maskSecrets(v)]),
    );
  }
  return value;
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SECRET_KEY.test(k) ? v.replace(/^(Bearer|Basic)\s+.*/i, `$1 ${MASK}`) : v]),
  );
}

/** A form body (a=b&c=d) with its secret fields masked. */
export function maskForm(form: Record<string, string>): Record<string, string> {
  return maskSecrets(form) as Record<string, string>;
}
