/**
 * Content as the exchange formats can carry it: empty text, empty lists and empty objects dropped (an empty
 * cell and a missing element are the same thing in a workbook). Two contents that normalize to the same value
 * are the same for the import ("unchanged"), so exporting and importing again changes nothing.
 */
export function normalizeContent<T>(value: T): T {
  return prune(value) as T;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === '' || value === null) return undefined;
  return value;
}
