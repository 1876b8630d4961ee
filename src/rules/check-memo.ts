/**
 * Values derived from an item's content that several rules need (its guide texts, the vague wording in each),
 * computed once per `checkItem` instead of once per rule. Only valid while one check runs: the memo is
 * dropped when it ends, so a content object changed between two checks is read afresh.
 */
let current: Map<string, unknown> | null = null;

export function duringCheck<T>(run: () => T): T {
  const outer = current;
  current = new Map();
  try {
    return run();
  } finally {
    current = outer;
  }
}

/** `compute()` once per key within the running check (every time outside one). */
export function memo<T>(key: string, compute: () => T): T {
  if (!current) return compute();
  if (current.has(key)) return current.get(key) as T;
  const value = compute();
  current.set(key, value);
  return value;
}
