import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/**
 * Request validation with two Ajv instances: JSON bodies are validated strictly (no type coercion, unknown
 * fields rejected by the schemas: IN-01), while querystrings, params and headers, which are always text on
 * the wire, are coerced to the declared number/boolean types.
 */
function makeAjv(coerce: boolean): Ajv {
  const options: Options = { allErrors: false, coerceTypes: coerce ? 'array' : false, removeAdditional: false, useDefaults: true, strict: false };
  const ajv = new Ajv(options);
  (addFormatsPlugin as unknown as (a: Ajv) => Ajv)(ajv);
  // Annotation keyword carrying Chinese labels of enumerations (OpenAPI and forms read it).
  ajv.addKeyword('x-enum-labels');
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
