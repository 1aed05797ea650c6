import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

// Bodies are validated strictly (no type coercion, unknown properties rejected, every
// error reported); query strings and path params arrive as text, so they are coerced.
//
// Validators and serializers are compiled on a route's first use rather than all at
// start-up: the service is ready sooner, and each route pays a few milliseconds once.
function makeAjv(options: Options): Ajv {
  // validateSchema off: the schemas are ours, and checking them against the meta-schema
  // costs more start-up time than everything else here together.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, validateSchema: false, ...options });
  addFormats.default(ajv, ['email', 'date-time', 'uri']);
  return ajv;
}

// Request schemas are self-contained (the shared schemas, by $id, describe responses only),
// so the validators need no shared schemas of their own.
export function installValidators(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined;
    // Fastify reads .errors off the function it was given after a failed call.
    const validate = (data: unknown) => {
      compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = undefined as ValidateFunction['errors'];
    return validate;
  });
}

/** Fastify's own response serializer (fast-json-stringify), compiled lazily. */
export const lazySerializers: NonNullable<FastifyServerOptions['schemaController']> = {
  // Stryker disable next-line ObjectLiteral: equivalent from outside, without it Fastify compiles the same serializers at start instead of on first use
  compilersFactory: {
    buildSerializer: (externalSchemas: unknown, options: unknown) => {
      const compile = SerializerSelector()(externalSchemas, options as Parameters<ReturnType<typeof SerializerSelector>>[1]) as (route: unknown) => (data: unknown) => string;
      return (route: unknown) => {
        let serialize: ((data: unknown) => string) | undefined;
        return (data: unknown) => (serialize ??= compile(route))(data);
      };
    },
  },
};
