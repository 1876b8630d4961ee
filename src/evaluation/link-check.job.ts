import type { AppContext } from '../app/context.js';
import type { Job } from '../jobs/scheduler.js';
import { OUTBOUND_ERRORS, OutboundError, outboundRequest } from '../security/outbound-http.js';
import { newId } from '../shared/ids.js';
import { notifyRoles } from '../workflow/notify.js';
import { guideLinks } from './content-facts.js';
import type { LinkCheckRow } from './evaluation.table.js';
import { publishedContentPage } from './facts.queries.js';
import {
  hostAllowed,
  mapBounded,
  nextLinkState,
  outcomeOfStatus,
  type CheckOutcome,
  type Transition,
} from './link-check.js';
import {
  deleteLinkChecks,
  deleteLinkChecksOfUnpublished,
  insertLinkChecks,
  linkChecksOfItems,
  updateLinkCheck,
} from './link-check.repository.js';
import { lawTexts } from './link-check.queries.js';

/** Bytes of a linked page read: enough to know it answered; the rest is dropped. */
const READ_BYTES = 64 * 1024;
const NOT_ALLOWED = '主机不在链接检查允许名单内（LINK_CHECK_HOSTS）';

export interface LinkCheckSummary {
  /** Links tracked (those reached, when the sweep was stopped); `checked` of them were requested. */
  links: number;
  checked: number;
  ok: number;
  failed: number;
  refused: number;
  opened: number;
  closed: number;
}

/** Published guides read per page: bounded memory, and the event loop is free between pages. */
const PAGE = 500;

export type TrackedLink = LinkCheckRow & { itemName: string };

/**
 * Brings the records in line with the published guides (new links added, links no longer published dropped),
 * so every online-handling URL, every blank-form, sample and result-sample download and the official text of every
 * cited legal document is tracked (a law's link is tracked per citing item: it is a task for each citing unit).
 * Yields the tracked links a page of guides at a time, in item-id order.
 */
export async function* syncLinks(app: AppContext): AsyncGenerator<TrackedLink[]> {
  const db = app.db.kysely;
  const laws = await lawTexts(db);
  const key = (itemId: string, kind: string, url: string) => `${itemId}\u0000${kind}\u0000${url}`;
  const now = app.clock.now().toISOString();
  let afterId: string | null = null;
  for (;;) {
    const items = await publishedContentPage(db, afterId, PAGE);
    if (!items.length) break;
    afterId = items[items.length - 1]!.id;
    const existing = await linkChecksOfItems(
      db,
      items.map((i) => i.id),
    );
    const byKey = new Map(existing.map((r) => [key(r.item_id, r.kind, r.url), r]));
    const wanted: TrackedLink[] = [];
    const fresh: LinkCheckRow[] = [];
    for (const item of items) {
      for (const link of guideLinks(item.content, (id) => laws.get(id))) {
        const k = key(item.id, link.kind, link.url);
        let row = byKey.get(k);
        byKey.delete(k);
        if (!row) {
          row = {
            id: newId(),
            item_id: item.id,
            unit_id: item.unitId,
            kind: link.kind,
            label: link.label.slice(0, 300),
            url: link.url,
            last_status: null,
            last_http_status: null,
            last_error: null,
            last_checked_at: null,
            consecutive_failures: 0,
            failing_since: null,
            task_opened_at: null,
            created_at: now,
          };
          fresh.push(row);
        }
        wanted.push({ ...row, itemName: item.name });
      }
    }
    await insertLinkChecks(db, fresh);
    await deleteLinkChecks(
      db,
      [...byKey.values()].map((r) => r.id),
    );
    yield wanted;
  }
  await deleteLinkChecksOfUnpublished(db);
}

async function check(app: AppContext, url: string, signal?: AbortSignal): Promise<CheckOutcome> {
  const { hosts, timeoutMs } = app.config.evaluation.linkCheck;
  if (!hostAllowed(url, hosts)) return { kind: 'refused', error: NOT_ALLOWED };
  try {
    const res = await outboundRequest(url, app.config.outbound.allowedCidrs, {
      method: 'GET',
      timeoutMs,
      maxBytes: READ_BYTES,
      overflow: 'discard',
      signal,
      headers: { 'user-agent': `shixiang-link-check/1 (+${app.config.http.publicBaseUrl})`, accept: '*/*' },
    });
    return outcomeOfStatus(res.status);
  } catch (e) {
    if (!(e instanceof OutboundError)) throw e;
    if (
      e.message === OUTBOUND_ERRORS.blocked ||
      e.message === OUTBOUND_ERRORS.port ||
      e.message === OUTBOUND_ERRORS.invalidUrl
    )
      return { kind: 'refused', error: e.message };
    return { kind: 'failed', status: null, error: e.message };
  }
}

/** Records one check of a link: its new state, and the unit's task opened or closed, in one transaction. */
export async function recordOutcome(app: AppContext, row: TrackedLink, outcome: CheckOutcome): Promise<Transition> {
  const now = app.clock.now().toISOString();
  const t = nextLinkState(row, outcome, now, app.config.evaluation.linkCheck.failures);
  await app.db.kysely.transaction().execute(async (trx) => {
    await updateLinkCheck(trx, row.id, t.patch);
    if (t.openTask) {
      await notifyRoles(
        trx,
        now,
        ['unit_clerk'],
        row.unit_id,
        {
          kind: 'link',
          title: `链接失效：${row.itemName}（${row.label}）`,
          body: `${row.url} 已连续 ${t.patch.consecutive_failures} 次检查失败，请修正办事指南中的地址。`,
          link: `/console/items/${row.item_id}`,
          dedupeKey: `link:${row.id}:${now}`,
        },
        false,
      );
    }
    if (t.closeTask) {
      await notifyRoles(
        trx,
        now,
        ['unit_clerk'],
        row.unit_id,
        {
          kind: 'link',
          title: `链接已恢复：${row.itemName}（${row.label}）`,
          link: `/console/items/${row.item_id}`,
          dedupeKey: `link-ok:${row.id}:${now}`,
        },
        false,
      );
    }
  });
  return t;
}

/**
 * One sweep over every published link: record the result, open or close the units' tasks. Stopped by `signal`
 * (shutdown) between links: the links not reached keep their state until the next day's sweep.
 */
export async function runLinkCheck(app: AppContext, signal?: AbortSignal): Promise<LinkCheckSummary> {
  const { concurrency } = app.config.evaluation.linkCheck;
  const summary: LinkCheckSummary = {
    links: 0,
    checked: 0,
    ok: 0,
    failed: 0,
    refused: 0,
    opened: 0,
    closed: 0,
  };
  // One request per URL and sweep: a law cited by many items, or a form shared by several, is fetched once.
  const outcomes = new Map<string, Promise<CheckOutcome>>();
  for await (const rows of syncLinks(app)) {
    // Stopped by the shutdown: the links not reached keep their state until the next sweep.
    if (signal?.aborted) break;
    summary.links += rows.length;
    await mapBounded(
      rows,
      concurrency,
      async (row) => {
        let pending = outcomes.get(row.url);
        if (!pending) outcomes.set(row.url, (pending = check(app, row.url, signal)));
        const outcome = await pending;
        // A check cut short by the shutdown says nothing about the link.
        if (signal?.aborted) return;
        const t = await recordOutcome(app, row, outcome);
        summary.checked += 1;
        summary[outcome.kind] += 1;
        if (t.openTask) summary.opened += 1;
        if (t.closeTask) summary.closed += 1;
      },
      signal,
    );
  }
  return summary;
}

export const linkCheckJob: Job = {
  name: 'link-check',
  everyMs: 24 * 3600_000,
  async run(ctx, _now, signal) {
    const s = await runLinkCheck(ctx, signal);
    const stopped = signal?.aborted ? ` (stopped by shutdown after ${s.checked} of ${s.links} reached)` : '';
    return `link check: ${s.checked} links${stopped}, ${s.ok} ok, ${s.failed} failed, ${s.refused} not checked; ${s.opened} tasks opened, ${s.closed} closed`;
  },
};
