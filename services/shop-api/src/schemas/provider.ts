import type { FastifyPluginAsyncJsonSchemaToTs, JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyPluginOptions } from 'fastify';
import { Problem } from './common.js';
import { PrivateUser, PublicUser } from './users.js';

/** Schemas registered once by $id and referenced from routes as { $ref: 'Name#' }. */
export const SHARED_SCHEMAS = [Problem, PrivateUser, PublicUser] as const;

type Shared = [typeof Problem, typeof PrivateUser, typeof PublicUser];

// How json-schema-to-ts types handlers: shared $refs resolve, and replies may hold
// Date objects where the schema says date-time (fast-json-stringify writes them as ISO).
export interface SchemaOptions {
  ValidatorSchemaOptions: { references: Shared };
  SerializerSchemaOptions: {
    references: Shared;
    deserialize: [{ pattern: { type: 'string'; format: 'date-time' }; output: Date | string }];
  };
}

export type TypeProvider = JsonSchemaToTsProvider<SchemaOptions>;

/** A plugin whose routes are typed from their JSON schemas. */
export type RoutesPlugin<Options extends FastifyPluginOptions = Record<never, never>> = FastifyPluginAsyncJsonSchemaToTs<
  SchemaOptions & { Options: Options }
>;
