import { isRecord } from './guards.js';

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` dropped. Hashes, MACs and
 * version comparisons are computed over this form so that key order never creates a false difference.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Parses JSON stored by the application itself (a parse failure is data corruption, hence a plain Error). */
export function parseStored<T>(text: string): T {
  return JSON.parse(text) as T;
}
