import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { errors } from '../shared/errors.js';

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
  // What an id refers to (read-only views link it).
  ajv.addKeyword('x-ref');
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

/**
 * Compiled validators by schema content: Fastify hands over a fresh copy of a shared schema (the item
 * content, paging, ids) for every route, and compiling ~400 of them where ~80 differ made up about half
 * of the start-up time, which is what a restart after a crash or a deployment waits for.
 */
const compiled = new Map<string, ValidateFunction>();

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const body = httpPart === 'body';
  const key = `${body ? 'strict' : 'coercing'}:${JSON.stringify(schema)}`;
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = (body ? strict : coercing).compile(schema as object)));
  return validate as ReturnType<FastifySchemaCompiler<FastifySchema>>;
};

/**
 * No text the system stores or looks up may contain NUL: PostgreSQL refuses it in `text` (a 500 on a
 * lookup by `/items/%00`), SQLite would store it and every export would carry it. Checked once, for every
 * route, on the path parameters, query and parsed body, before the schemas run.
 */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const path = nulPath(value, part === 'body' ? '' : part, 0);
      if (path) throw errors.field(path, '不能包含空字符（\\u0000）');
    }
  });
}

function nulPath(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (depth > 32 || !value || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key.replaceAll('\u0000', '')}` : key.replaceAll('\u0000', '');
    if (key.includes('\u0000')) return here;
    const found = nulPath(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}
