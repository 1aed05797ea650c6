// @ts-nocheck
import type { FastifyPluginAsyncJsonSchemaToTs, JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyPluginOptions } from 'fastify';
import { Cart, CartItem, Product } from './catalogue.js';
import { Problem, ValidationProblem } from './common.js';
import { Order } from './orders.js';
import { PrivateUser, PublicUser } from './users.js';

/** Schemas registered once by $id and referenced from routes as { $ref: 'Name#' }. */
export const SHARED_SCHEMAS = [Problem, ValidationProblem, PrivateUser, PublicUser, Product, CartItem, Cart, Order] as const;

type Shared = [typeof Problem, typeof ValidationProblem, typeof PrivateUser, typeof PublicUser, typeof Product, typeof CartItem, typeof Cart, typeof Order];

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
