/**
 * Just enough of JSON Schema to drive forms from the TypeBox schemas (TypeBox emits plain JSON Schema).
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  anyOf?: JsonSchema[];
  patternProperties?: Record<string, JsonSchema>;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  'x-enum-labels'?: Record<string, string>;
  /** What an id field refers to; read-only views link it (`legal-document` → the register's page). */
  'x-ref'?: 'legal-document';
}

export type FieldKind =
  | 'object'
  | 'rows'
  | 'codeSet'
  | 'lines'
  | 'record'
  | 'code'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'text'
  | 'longText'
  | 'url'
  | 'date';

export function kindOf(s: JsonSchema): FieldKind {
  if (s.enum) return 'code';
  if (s.type === 'object' && s.patternProperties) return 'record';
  if (s.type === 'object') return 'object';
  if (s.type === 'array') {
    const item = s.items ?? {};
    if (item.type === 'object') return 'rows';
    if (item.enum) return 'codeSet';
    return 'lines';
  }
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'integer') return 'integer';
  if (s.type === 'number') return 'number';
  if (s.pattern?.startsWith('^https?')) return 'url';
  if (s.pattern?.startsWith('^\\d{4}-')) return 'date';
  return (s.maxLength ?? 0) > 1000 ? 'longText' : 'text';
}

export const labelOf = (s: JsonSchema, key: string) => s.title ?? key;

/** Enumeration labels: the `x-enum-labels` annotation, else the codes themselves. */
export function optionsOf(s: JsonSchema): Array<[string, string]> {
  const labels = s['x-enum-labels'] ?? {};
  return (s.enum ?? []).map((code) => [code, labels[code] ?? code]);
}

export const isRequired = (parent: JsonSchema, key: string) => parent.required?.includes(key) ?? false;
