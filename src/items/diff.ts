/**
 * Field-level difference between two versions of an item's content. Repeated rows (materials, fees, FAQ,
 * flow steps, scenarios, citations) are matched row by row by their natural key (name/question/title),
 * so a reordered or edited row shows as one row changed, not as a changed blob.
 */
export interface Change {
  /** Dotted path, e.g. `materials[营业执照].paperCopies` or `promiseLimit.value`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Key of a row in a repeated element, used to pair rows across versions. */
const ROW_KEYS: Record<string, (row: Record<string, unknown>) => unknown> = {
  materials: (r) => r.name,
  fees: (r) => r.name,
  faqs: (r) => r.question,
  flow: (r) => r.name,
  scenarios: (r) => r.name,
  setBasis: (r) => `${r.title}${r.article ?? ''}${r.paragraph ?? ''}${r.item ?? ''}`,
  implBasis: (r) => `${r.title}${r.article ?? ''}${r.paragraph ?? ''}${r.item ?? ''}`,
  overrides: (r) => `${r.rule}@${r.path}`,
};

export function diffContent(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  walk(before, after, '', changes);
  return changes;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const join = (base: string, key: string) => (base ? `${base}.${key}` : key);

function walk(a: unknown, b: unknown, path: string, out: Change[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, kind: 'added', after: b });
  if (b === undefined) return void out.push({ path, kind: 'removed', before: a });
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], join(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keyOf = ROW_KEYS[path.split('.').pop() ?? ''];
    if (keyOf && a.every(isObject) && b.every(isObject)) return diffRows(a, b, path, keyOf, out);
    if (JSON.stringify(sortedIfScalars(a)) !== JSON.stringify(sortedIfScalars(b)))
      out.push({ path, kind: 'changed', before: a, after: b });
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: 'changed', before: a, after: b });
}

/** Code sets (服务对象, 行使层级 …) are unordered: [1,2] equals [2,1]. */
function sortedIfScalars(list: unknown[]): unknown[] {
  return list.every((v) => typeof v !== 'object') ? [...list].map(String).sort() : list;
}

function diffRows(
  a: Record<string, unknown>[],
  b: Record<string, unknown>[],
  path: string,
  keyOf: (r: Record<string, unknown>) => unknown,
  out: Change[],
): void {
  const label = (row: Record<string, unknown>, index: number) => String(keyOf(row) ?? `#${index + 1}`);
  const remaining = new Map(b.map((row, i) => [label(row, i), row]));
  a.forEach((row, i) => {
    const key = label(row, i);
    const match = remaining.get(key);
    if (match) {
      remaining.delete(key);
      walk(row, match, `${path}[${key}]`, out);
    } else {
      out.push({ path: `${path}[${key}]`, kind: 'removed', before: row });
    }
  });
  for (const [key, row] of remaining) out.push({ path: `${path}[${key}]`, kind: 'added', after: row });
  const orderBefore = a.map(label).filter((k) => b.some((r, i) => label(r, i) === k));
  const orderAfter = b.map(label).filter((k) => a.some((r, i) => label(r, i) === k));
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000'))
    out.push({ path: `${path}#order`, kind: 'changed', before: orderBefore, after: orderAfter });
}
