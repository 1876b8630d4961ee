/**
 * Progress of the imports this process is running, by the token their upload form carried, so the upload page
 * can poll it (public/exchange.js) while the form's own request runs. Only the account that started an import
 * sees its progress. Per process: behind a load balancer a poll may reach another instance and see nothing,
 * and the page then simply shows the result when it arrives.
 */
interface Progress {
  actorId: string | null;
  done: number;
  total: number;
  started: number;
}

const MAX_TRACKED = 200;
const running = new Map<string, Progress>();

export const isProgressToken = (token: unknown): token is string =>
  typeof token === 'string' && /^[0-9A-Za-z_-]{16,64}$/.test(token);

/** Starts tracking; returns the `onProgress` callback for `importItems` and the function that ends tracking. */
export function trackImport(
  token: string,
  actorId: string | null,
  now: () => number = Date.now,
): { onProgress: (done: number, total: number) => void; end: () => void } {
  // Oldest first: a page that never polled again does not keep its entry for ever.
  if (running.size >= MAX_TRACKED) running.delete(running.keys().next().value!);
  const p: Progress = { actorId, done: 0, total: 0, started: now() };
  running.set(token, p);
  return {
    onProgress: (done, total) => {
      p.done = done;
      p.total = total;
    },
    end: () => running.delete(token),
  };
}

/** Items written, of how many, items per second and seconds left; undefined when unknown or another account's. */
export function importProgress(
  token: string,
  actorId: string | null,
  now: () => number = Date.now,
): { done: number; total: number; rate: number; eta: number } | undefined {
  const p = running.get(token);
  if (!p || !actorId || p.actorId !== actorId) return undefined;
  const rate = p.done / Math.max(0.001, (now() - p.started) / 1000);
  return {
    done: p.done,
    total: p.total,
    rate: Math.round(rate),
    eta: p.total ? Math.ceil((p.total - p.done) / Math.max(rate, 1)) : 0,
  };
}
