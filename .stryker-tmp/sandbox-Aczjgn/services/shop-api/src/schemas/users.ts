// @ts-nocheck
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { Id, Pagination, Timestamp } from './common.js';

export const Username = { type: 'string', minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' } as const satisfies JSONSchema;
export const Email = { type: 'string', format: 'email', maxLength: 254 } as const satisfies JSONSchema;
export const Password = { type: 'string', minLength: 8, maxLength: 128 } as const satisfies JSONSchema;
export const Bio = { type: ['string', 'null'], maxLength: 500 } as const satisfies JSONSchema;
export const Role = { type: 'string', enum: ['customer', 'admin'] } as const satisfies JSONSchema;

export const PrivateUser = {
  $id: 'PrivateUser',
  description: 'A user as its owner and admins see it',
  type: 'object',
  properties: {
    id: Id,
    username: { type: 'string' },
    email: { type: 'string' },
    bio: Bio,
    role: Role,
    is_active: { type: 'boolean' },
    version: { type: 'integer' },
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  required: ['id', 'username', 'email', 'bio', 'role', 'is_active', 'version', 'created_at', 'updated_at'],
} as const satisfies JSONSchema;

export const PublicUser = {
  $id: 'PublicUser',
  description: 'A user as anyone sees it',
  type: 'object',
  properties: { id: Id, username: { type: 'string' }, bio: Bio, created_at: Timestamp },
  required: ['id', 'username', 'bio', 'created_at'],
} as const satisfies JSONSchema;

export const RegisterBody = {
  type: 'object',
  properties: { username: Username, email: Email, password: Password },
  required: ['username', 'email', 'password'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const CreateUserBody = {
  type: 'object',
  properties: { username: Username, email: Email, password: Password, role: Role, is_active: { type: 'boolean' } },
  required: ['username', 'email', 'password'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const UpdateUserBody = {
  type: 'object',
  properties: { username: Username, email: Email, bio: Bio, role: Role, is_active: { type: 'boolean' } },
  additionalProperties: false,
} as const satisfies JSONSchema;

export const ListUsersQuery = {
  type: 'object',
  properties: {
    ...Pagination,
    is_active: { type: 'boolean' },
    q: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const satisfies JSONSchema;

// OAuth2 password grant, form-encoded; grant_type and the client fields are accepted and ignored.
export const LoginForm = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    grant_type: { type: 'string', const: 'password' },
    scope: { type: 'string', maxLength: 1024 },
    client_id: { type: 'string', maxLength: 255 },
    client_secret: { type: 'string', maxLength: 255 },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} as const satisfies JSONSchema;

export const TokenResponse = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string', const: 'bearer' },
    expires_in: { type: 'integer' },
  },
  required: ['access_token', 'token_type', 'expires_in'],
} as const satisfies JSONSchema;

export type RoleName = FromSchema<typeof Role>;
export type UpdateUser = FromSchema<typeof UpdateUserBody>;
