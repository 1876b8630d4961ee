/**
 * The link checker's rules. Pure.
 *
 * A link is requested only when its host is on the configured allow-list (LINK_CHECK_HOSTS: exact names, or
 * `*.example.gov.cn` for the name and its subdomains); others are recorded as not checked. Any answer below
 * 400 counts as working (redirects are not followed, a 3xx means the server answered for that address). A link
 * failing `threshold` checks in a row becomes a task for its unit; the task closes when a check succeeds.
 */
export function hostAllowed(url: string, hosts: readonly string[]): boolean {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return hosts.some((h) => (h.startsWith('*.') ? host === h.slice(2) || host.endsWith(h.slice(1)) : host === h));
}

export type CheckOutcome =
  | { kind: 'ok'; status: number }
  | { kind: 'failed'; status: number | null; error: string | null }
  | { kind: 'refused'; error: string };

export const LINK_STATUSES = {
  ok: '正常',
  failed: '失效',
  refused: '未检查（不在允许的主机名单内或为内网地址）',
} as const;

export const outcomeOfStatus = (status: number): CheckOutcome =>
  status < 400 ? { kind: 'ok', status } : { kind: 'failed', status, error: null };

export interface LinkState {
  consecutive_failures: number;
  failing_since: string | null;
  task_opened_at: string | null;
}

export interface Transition {
  patch: LinkState & {
    last_status: string;
    last_http_status: number | null;
    last_error: string | null;
    last_checked_at: string;
  };
  /** The failure count just reached the threshold: open the unit's task. */
  openTask: boolean;
  /** A link with an open task works again: close it. */
  closeTask: boolean;
}

export function nextLinkState(prev: LinkState, outcome: CheckOutcome, now: string, threshold: number): Transition {
  const base = {
    last_status: outcome.kind,
    last_checked_at: now,
    last_http_status: 'status' in outcome ? outcome.status : null,
    last_error: 'error' in outcome ? outcome.error : null,
  };
  if (outcome.kind === 'ok') {
    return {
      patch: { ...base, consecutive_failures: 0, failing_since: null, task_opened_at: null },
      openTask: false,
      closeTask: prev.task_opened_at !== null,
    };
  }
  if (outcome.kind === 'refused') {
    // Not checked: neither a failure nor a recovery; an open task stays open until the link is fixed.
    return {
      patch: {
        ...base,
        consecutive_failures: prev.consecutive_failures,
        failing_since: prev.failing_since,
        task_opened_at: prev.task_opened_at,
      },
      openTask: false,
      closeTask: false,
    };
  }
  const failures = prev.consecutive_failures + 1;
  const openTask = failures >= threshold && prev.task_opened_at === null;
  return {
    patch: {
      ...base,
      consecutive_failures: failures,
      failing_since: prev.failing_since ?? now,
      task_opened_at: openTask ? now : prev.task_opened_at,
    },
    openTask,
    closeTask: false,
  };
}

/**
 * Runs `fn` over `items` with at most `limit` at a time (the checker must not flood a unit's server). Once
 * `signal` is aborted no item is started (those under way finish); the results of items not run stay undefined.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<Array<R | undefined>> {
  const out: Array<R | undefined> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
