// @ts-nocheck
import { z } from 'zod';

// Field rules shared by the request schemas (API.md plus the service's documented
// decisions), and the type of what a test may send.

/** Any text: no NUL character, no lone UTF-16 surrogate. */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what this rules out
export const text = () => z.string().regex(/^[^\u0000\uD800-\uDFFF]*$/u, 'no NUL or lone surrogate');

export const username = text().min(3).max(32).regex(/^[A-Za-z0-9_.-]+$/);
export const email = z.email().max(254);
export const password = text().min(8).max(128);
export const id = z.int().min(1).max(2_147_483_647);
export const currency = z.string().regex(/^[A-Z]{3}$/);

/** limit and offset of every list; query strings are text, hence coerced. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
};

type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/**
 * What a test may send for a request: its fields, each widened to its primitive type,
 * and any other property, because tests send invalid values and unknown properties too.
 */
export type Sendable<T> = { [K in keyof T]: Widen<T[K]> } & { [other: string]: unknown };
