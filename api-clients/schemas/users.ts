import { z } from 'zod';

// The suite's own statement of the users contract (API.md), not the service's schemas.
// Views are strict: a field the contract does not name (a password hash, an email in a
// public view) fails the test that received it.

export const Role = z.enum(['customer', 'admin']);

export const PrivateUser = z.strictObject({
  id: z.int().positive(),
  username: z.string(),
  email: z.string(),
  bio: z.string().nullable(),
  role: Role,
  is_active: z.boolean(),
  version: z.int().positive(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type PrivateUser = z.infer<typeof PrivateUser>;

export const PublicUser = z.strictObject({
  id: z.int().positive(),
  username: z.string(),
  bio: z.string().nullable(),
  created_at: z.iso.datetime(),
});
export type PublicUser = z.infer<typeof PublicUser>;

export const AnyUserView = z.union([PrivateUser, PublicUser]);

export const Token = z.strictObject({
  access_token: z.string().min(20),
  token_type: z.literal('bearer'),
  expires_in: z.int().positive(),
});
export type Token = z.infer<typeof Token>;

export const LoggedOut = z.strictObject({ status: z.literal('logged_out') });

// What the suite sends (inputs are checked by the service, so these are loose on purpose:
// tests send invalid values through them too).
export interface NewUser {
  username: string;
  email: string;
  password: string;
}
export interface AdminNewUser extends NewUser {
  role?: z.infer<typeof Role>;
  is_active?: boolean;
}
export interface UserChanges {
  username?: string;
  email?: string;
  bio?: string | null;
  role?: string;
  is_active?: boolean;
  [other: string]: unknown;
}
export interface UserQuery {
  limit?: number;
  offset?: number;
  is_active?: boolean;
  q?: string;
}
