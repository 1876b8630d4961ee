import { kindOf, type JsonSchema } from './schema.js';

/**
 * Turns a form submission (strings nested by `qs`) into the typed shape the schema describes, so console
 * forms and the JSON API feed the same use cases. Empty inputs become absent; blank or deleted rows of
 * repeated elements are dropped; a value that cannot be converted is passed through unchanged so that
 * schema validation reports it with its field path.
 */
export function coerceForm(schema: JsonSchema, raw: unknown, required = false): unknown {
  switch (kindOf(schema)) {
    case 'object': {
      const source = isRecord(raw) ? raw : {};
      const out: Record<string, unknown> = {};
      let filled = false;
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const value = coerceForm(child, source[key], schema.required?.includes(key) ?? false);
        if (value === undefined) continue;
        out[key] = value;
        // An empty list stands in for a required list; it alone does not mean the group was filled in.
        if (!(Array.isArray(value) && value.length === 0)) filled = true;
      }
      return filled || required ? out : undefined;
    }
    case 'rows': {
      const rows = toList(raw)
        .filter((row) => !(isRecord(row) && row._delete))
        .map((row) => coerceForm(schema.items!, row))
        .filter((row) => row !== undefined);
      return rows.length || required ? rows : undefined;
    }
    case 'codeSet': {
      const codes = [
        ...new Set(
          toList(raw)
            .map(String)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      return codes.length || required ? codes : undefined;
    }
    case 'lines': {
      const lines = [
        ...new Set(
          String(Array.isArray(raw) ? raw.join('\n') : (raw ?? ''))
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ];
      return lines.length || required ? lines : undefined;
    }
    case 'record': {
      const entries = String(raw ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const i = l.indexOf('=');
          return i > 0 ? [l.slice(0, i).trim(), l.slice(i + 1).trim()] : [l, ''];
        });
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'integer':
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : raw;
      if (text === '' || text === undefined || text === null) return undefined;
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    default: {
      if (typeof raw !== 'string') return raw === undefined || raw === null ? undefined : raw;
      const text = raw.replace(/\r\n/g, '\n').trim();
      return text === '' ? undefined : text;
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** qs yields arrays for `a[0]`, objects for sparse or large indexes, and a string for a single value. */
function toList(raw: unknown): unknown[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (Array.isArray(raw)) return raw;
  if (isRecord(raw))
    return Object.keys(raw)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => raw[k]);
  return [raw];
}
