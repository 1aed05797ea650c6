import fc from 'fast-check';
import { z } from 'zod';

// Invalid inputs, derived from the suite's zod request schemas with fast-check: each is
// a valid example with one thing broken (a missing field, a wrong type, a boundary just
// past its limit, unicode or injection text where the schema forbids it, an unknown
// property, a body of the wrong shape), and only those the schema itself rejects are
// kept. Reproducible: the same seed gives the same inputs.

export interface BadInput {
  /** What was broken, for the report. */
  what: string;
  value: unknown;
}

interface FieldSchema {
  type?: string | string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: FieldSchema[];
}

const INJECTIONS = [
  "' OR '1'='1", "'; DROP TABLE users; --", '<script>alert(1)</script>', '{{7*7}}', '${jndi:ldap://x/a}',
  '../../etc/passwd', '%00', '\r\nSet-Cookie: a=b', '$where', '{"$gt":""}', 'admin\'--', '\u202Eevil', 'zero\u200Bwidth',
  'emoji 🎉🎉', 'Ωmega ñandú 你好', '　ideographic', ' leading', 'trailing ', 'tab\tinside', 'new\nline',
];
const BAD_EMAILS = ['plainaddress', '@no-local-part.test', 'no-domain@', 'two@@at.test', 'spa ce@x.test', 'a@b', '<script>@x.test', 'ünï@例え.jp', 'x@.test'];
const WRONG_TYPES: unknown[] = [null, 0, -1, 3.5, true, false, [], ['x'], {}, { $gt: '' }, 'text', '1'];
const UNKNOWN_KEYS = ['role', 'is_active', 'id', 'version', 'status', 'total_cents', 'password_hash', 'constructor', 'admin', 'user_id'];

const typeOf = (s: FieldSchema): string | undefined =>
  (Array.isArray(s.type) ? s.type[0] : s.type) ?? s.anyOf?.find((o) => o.type !== 'null')?.type?.toString();
const ascii = (length: number) => 'a'.repeat(Math.max(0, length));

/**
 * 1 to 40 of any code point, lone surrogates included. Drawn as integers, not with
 * fc.string's 'binary' unit, for which fast-check maps all 1.1 million code points back
 * to their index (about a second of CPU for each worker) to shrink; these need no shrinking.
 */
const randomUnicode = () =>
  fc.array(fc.integer({ min: 0, max: 0x10ffff }), { minLength: 1, maxLength: 40 }).map((codePoints) => String.fromCodePoint(...codePoints));

/** Broken values for one field, by what its schema says it must be. */
function brokenValues(field: FieldSchema): fc.Arbitrary<{ what: string; value: unknown }> {
  const options: fc.Arbitrary<{ what: string; value: unknown }>[] = [fc.constantFrom(...WRONG_TYPES).map((value) => ({ what: `wrong type ${JSON.stringify(value)}`, value }))];
  const plain = field.anyOf?.find((o) => o.type !== 'null') ?? field;
  switch (typeOf(field)) {
    case 'string': {
      options.push(fc.constantFrom('', 'ab\u0000cd', 'ab\uD800cd').map((value) => ({ what: `text ${JSON.stringify(value)}`, value })));
      if (plain.maxLength !== undefined) {
        options.push(fc.integer({ min: plain.maxLength + 1, max: plain.maxLength + 64 }).map((n) => ({ what: `${n} characters (max ${plain.maxLength})`, value: ascii(n) })));
      }
      if ((plain.minLength ?? 0) > 1) options.push(fc.constant({ what: `${plain.minLength! - 1} characters (min ${plain.minLength})`, value: ascii(plain.minLength! - 1) }));
      if (plain.format === 'email') {
        options.push(fc.constantFrom(...BAD_EMAILS).map((value) => ({ what: `email ${value}`, value })));
      } else {
        options.push(fc.constantFrom(...INJECTIONS).map((value) => ({ what: `text ${JSON.stringify(value)}`, value })));
        options.push(randomUnicode().map((value) => ({ what: 'random unicode', value })));
      }
      if (plain.enum || plain.const !== undefined) options.push(fc.string({ maxLength: 12 }).map((value) => ({ what: `not one of the allowed values: ${JSON.stringify(value)}`, value })));
      break;
    }
    case 'integer':
    case 'number': {
      if (plain.minimum !== undefined) options.push(fc.integer({ min: plain.minimum - 1000, max: plain.minimum - 1 }).map((value) => ({ what: `${value} (min ${plain.minimum})`, value })));
      if (plain.maximum !== undefined) options.push(fc.constantFrom(plain.maximum + 1, plain.maximum * 10 + 7, 1e21).map((value) => ({ what: `${value} (max ${plain.maximum})`, value })));
      options.push(fc.constantFrom(1.5, -0.25, 1e-9, 2 ** 53 + 2).map((value) => ({ what: `not an integer: ${value}`, value })));
      break;
    }
    case 'boolean':
      options.push(fc.constantFrom('true', 'false', 1, 0, 'yes').map((value) => ({ what: `not a boolean: ${JSON.stringify(value)}`, value })));
      break;
  }
  return fc.oneof(...options);
}

/**
 * Invalid variants of `valid` for `schema`. For forms and query strings (`asText`), the
 * values go over the wire as text, so that is what the schema is asked about.
 */
export function invalidInputs(schema: z.ZodObject, valid: Record<string, unknown>, { asText = false } = {}): fc.Arbitrary<BadInput> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, FieldSchema>; required?: string[] };
  const fields = Object.entries(json.properties);
  const without = (key: string) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));

  const candidates: fc.Arbitrary<BadInput>[] = [
    ...fields.map(([key, field]) =>
      brokenValues(field).map(({ what, value }) => ({ what: `${key}: ${what}`, value: { ...valid, [key]: value } })),
    ),
    ...(json.required ?? []).map((key) => fc.constant({ what: `missing ${key}`, value: without(key) })),
    fc.tuple(fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), fc.string({ minLength: 1, maxLength: 10 })), fc.constantFrom<unknown>('admin', true, 1, null))
      .map(([key, value]) => ({ what: `unknown property ${JSON.stringify(key)}`, value: { ...valid, [key]: value } })),
  ];
  if (!asText) {
    candidates.push(fc.constantFrom<unknown>(null, [], [valid], 'text', 42, true).map((value) => ({ what: `body is ${JSON.stringify(value)?.slice(0, 40)}`, value })));
  }
  const wire = (value: unknown) => (asText ? toText(value) : value);
  return fc.oneof(...candidates).map((input) => ({ ...input, value: wire(input.value) })).filter((input) => !schema.safeParse(input.value).success);
}

/**
 * An object as a form or query string carries it: every value as text, missing ones
 * gone, and text as UTF-8 can carry it (a lone surrogate arrives as U+FFFD).
 */
export function toText(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k.toWellFormed(), text(v).toWellFormed()]])));
}
