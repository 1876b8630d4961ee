import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { errors } from '../shared/errors.js';
import { isRecord } from '../shared/guards.js';
import { headersTooLarge } from './errors.js';
import { TEXT_PROBLEM_MESSAGES, textProblem, visibleLength } from '../shared/text.js';

/**
 * Request validation with two Ajv instances: JSON bodies are validated strictly (no type coercion, unknown
 * fields rejected by the schemas: IN-01), while querystrings, params and headers, which are always text on
 * the wire, are coerced to the declared number/boolean types.
 */
function makeAjv(coerce: boolean): Ajv {
  const options: Options = {
    allErrors: false,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  };
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
  return onFirstUse(() => {
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = (body ? strict : coercing).compile(schema)));
    return validate;
  }) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
};

/**
 * A validator compiled when a request first needs it, not at start: compiling every route's schemas was the
 * largest part of a cold start (a restart after a crash or a deployment waits for it), while most routes of
 * an instance are rarely or never called. Fastify reads `errors` after a failed call and `schemaEnv` to let
 * Ajv coerce a root value; both come from the compiled function.
 */
function onFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let fn: ValidateFunction | undefined;
  const get = () => (fn ??= compile());
  const validate = ((data: unknown, context?: Parameters<ValidateFunction>[1]) =>
    get()(data, context)) as ValidateFunction;
  Object.defineProperty(validate, 'errors', { get: () => get().errors, set: (v) => void (get().errors = v) });
  Object.defineProperty(validate, 'schemaEnv', { get: () => get().schemaEnv });
  return validate;
}

type JsonSchema = {
  type?: string | string[];
  title?: string;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Declared single-line fields (names, codes, titles) are the text fields of at most this many characters. */
const SINGLE_LINE_MAX = 200;

/**
 * Text input is checked and normalised once, for every route, on the path parameters, query and parsed body,
 * before the schemas run (`shared/text.ts`): strings become NFC; NUL, other control characters, bidi
 * overrides, lone surrogates and U+FFFD (invalid UTF-8) are refused with a 400 naming the field, and so are
 * line breaks and tabs outside multi-line body fields. A declared minimum length counts visible characters,
 * so zero-width or blank text does not meet it. NUL matters beyond display: PostgreSQL cannot store it.
 */
export function normaliseTextInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schemas = (request.routeOptions.schema ?? {}) as {
      body?: JsonSchema;
      querystring?: JsonSchema;
      params?: JsonSchema;
    };
    const parts = [
      ['params', 'params', schemas.params],
      ['querystring', 'query', schemas.querystring],
      ['body', 'body', schemas.body],
    ] as const;
    for (const [part, field, schema] of parts) {
      const value = request[field];
      const cleaned = visit(value, schema, part === 'body' ? '' : part, part === 'body', 0);
      if (cleaned !== value) request[field] = cleaned;
    }
  });
}

/** Returns the value with its strings normalised (the same object, changed in place, for containers). */
function visit(value: unknown, schema: JsonSchema | undefined, path: string, inBody: boolean, depth: number): unknown {
  if (typeof value === 'string') return checkString(value, stringBranch(schema), path, inBody);
  if (depth > 32 || !isRecord(value) || Buffer.isBuffer(value) || isUpload(value)) return value;
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const keyProblem = textProblem(key, false);
    if (keyProblem)
      throw errors.field(safePath(here), key.includes('\u0000') ? NUL_MESSAGE : TEXT_PROBLEM_MESSAGES[keyProblem]);
    const cleaned = visit(
      v,
      Array.isArray(value) ? itemSchema(schema, Number(key)) : propertySchema(schema, key),
      here,
      inBody,
      depth + 1,
    );
    if (cleaned !== v) value[key] = cleaned;
  }
  return value;
}

const NUL_MESSAGE = '不能包含空字符（\\u0000）';
// A field name that is itself hostile is reported without the offending characters.
const safePath = (path: string) =>
  Array.from(path)
    .filter((c) => !textProblem(c, false))
    .join('') || 'body';
const isUpload = (v: object) => 'data' in v && Buffer.isBuffer(v.data);

function checkString(value: string, schema: JsonSchema | undefined, path: string, inBody: boolean): string {
  const where = safePath(path);
  const label = schema?.title ?? '';
  // Body fields without a declared schema (console forms) may be textareas; query and path values never are.
  const multiLine =
    inBody && (!schema || !(typeof schema.maxLength === 'number' && schema.maxLength <= SINGLE_LINE_MAX));
  const problem = textProblem(value, multiLine);
  if (problem)
    throw errors.field(where, value.includes('\u0000') ? NUL_MESSAGE : `${label}${TEXT_PROBLEM_MESSAGES[problem]}`);
  const normalised = value.normalize('NFC');
  const min = schema?.minLength ?? 0;
  if (min > 0 && normalised.length >= min && visibleLength(normalised) < min) {
    throw errors.field(
      where,
      `${label}${min === 1 ? '不能为空或只含空白、不可见字符' : `至少 ${min} 个字（不计空白和不可见字符）`}`,
    );
  }
  return normalised;
}

const branches = (schema: JsonSchema | undefined): JsonSchema[] =>
  !schema
    ? []
    : [schema, ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap(branches)];
const hasType = (s: JsonSchema, type: string) => (Array.isArray(s.type) ? s.type.includes(type) : s.type === type);

function stringBranch(schema: JsonSchema | undefined): JsonSchema | undefined {
  return branches(schema).find((s) => hasType(s, 'string'));
}

function propertySchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  for (const s of branches(schema)) {
    const found =
      s.properties?.[key] ??
      Object.values(s.patternProperties ?? {})[0] ??
      (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (found) return found;
  }
  return undefined;
}

function itemSchema(schema: JsonSchema | undefined, index: number): JsonSchema | undefined {
  for (const s of branches(schema)) {
    const found = s.prefixItems?.[index] ?? (s.items || undefined);
    if (found) return found;
  }
  return undefined;
}

/** Longest request line path (with its query string) accepted; Node refuses longer header sections itself. */
const MAX_URL_LENGTH = 8192;

/** A query string longer than any form or API client produces is refused before routing (431, like headers). */
export function limitUrlLength(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) throw headersTooLarge();
  });
}
