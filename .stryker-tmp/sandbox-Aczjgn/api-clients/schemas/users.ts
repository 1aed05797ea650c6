// @ts-nocheck
import { z } from 'zod';
import { email, pageQuery, password, text, username } from './fields.js';

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

// What the suite sends, checked by the service: stated once here, the clients' types
// derived from it, and the generated bad-input tests derive invalid inputs from it.

export const RegisterRequest = z.strictObject({ username, email, password });
export type NewUser = z.input<typeof RegisterRequest>;

export const LoginForm = z.strictObject({
  username: text().min(1).max(254),
  password: text().min(1).max(1024),
  grant_type: z.literal('password').optional(),
  scope: text().max(1024).optional(),
  client_id: text().max(255).optional(),
  client_secret: text().max(255).optional(),
});

export const CreateUserRequest = z.strictObject({ username, email, password, role: Role.optional(), is_active: z.boolean().optional() });
export type AdminNewUser = z.input<typeof CreateUserRequest>;

export const UpdateUserRequest = z.strictObject({
  username: username.optional(),
  email: email.optional(),
  bio: text().max(500).nullable().optional(),
  role: Role.optional(),
  is_active: z.boolean().optional(),
});
export type UserChanges = z.input<typeof UpdateUserRequest>;

// Query strings: unknown parameters are ignored by the service, so these are not strict.
export const ListUsersQuery = z.object({ ...pageQuery, is_active: z.stringbool().optional(), q: text().min(1).max(100).optional() });
export type UserQuery = z.output<typeof ListUsersQuery>;
