import type { UseCaseContext } from '../app/use-case.js';
import { addDays } from '../calendar/dates.js';
import { createItem, updateItem } from '../items/item.service.js';
import { findItem } from '../items/item.repository.js';
import { isAppError } from '../shared/errors.js';
import { createChangeRequest } from '../workflow/change-request.service.js';
import { setLifeState } from '../workflow/life.service.js';
import { transition } from '../workflow/transition.service.js';
import type { DemoData, DemoItem } from './data/index.js';

/** The demo's clerks and reviewers make the Art. 15 statement as the API requires of anyone submitting. */
const ATTEST = { attestation: true };

export interface SeededItems {
  items: number;
  itemCountByUnit: Map<string, number>;
}

/**
 * Creates every demo item (parents first) and drives it to its demo state through the real state machine.
 * An item whose deliberate flaw is an error cannot pass submission, exactly as in real use: it stays a draft.
 * Adds the records a demo needs beyond the items: pending changes with deadlines (one overdue), a
 * scheduled publication.
 */
export async function seedItems(
  uc: UseCaseContext,
  data: DemoData,
  unitIds: Map<string, string>,
  today: string,
): Promise<SeededItems> {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  let withDraft = 0;
  let n = 0;
  for (const d of parentsFirst(data.items)) {
    // Waiting-time history for the dashboard (issue 15): items were entered and submitted over the past months and
    // waited 0–4 days for verification; publication, and everything after it, happens now.
    n++;
    const enteredAgo =
      d.demoState === 'draft'
        ? 0
        : d.demoState === 'submitted' || d.demoState === 'returned'
          ? 2 + (n % 8)
          : 3 + ((n * 37) % 170);
    const wait = (n * 7) % 5;
    const past = (daysAgo: number): UseCaseContext => ({
      ...uc,
      app: { ...uc.app, clock: { now: () => new Date(uc.app.clock.now().getTime() - daysAgo * 86_400_000) } },
    });
    const row = await createItem(past(enteredAgo), {
      unitId: unitIds.get(d.unitKey)!,
      granularity: d.granularity,
      content: d.content,
      ...(d.parentKey ? { parentId: ids.get(d.parentKey)! } : {}),
      ...(d.handlingCode ? { handlingCode: d.handlingCode } : {}),
      ...(d.note ? { changeNote: d.note } : {}),
    });
    ids.set(d.key, row.id);
    counts.set(d.unitKey, (counts.get(d.unitKey) ?? 0) + 1);
    await drive(uc, row.id, d, today, withDraft, {
      submit: past(enteredAgo - 1),
      verify: past(Math.max(1, enteredAgo - 1 - wait)),
    });
    if (d.demoState === 'published_with_draft') withDraft++;
  }
  await scheduleOne(uc, data, ids);
  return { items: ids.size, itemCountByUnit: counts };
}

function parentsFirst(items: DemoItem[]): DemoItem[] {
  const rank = { main: 0, sub: 1, handling: 2 } as const;
  return [...items].sort((a, b) => rank[a.granularity] - rank[b.granularity]);
}

const WORKFLOW_ORDER = ['draft', 'submitted', 'returned', 'verified', 'published'] as const;

/** `at` gives the (earlier) moments of submission and verification; the rest happens at `uc`'s time. */
async function drive(
  uc: UseCaseContext,
  id: string,
  d: DemoItem,
  today: string,
  withDraftIndex: number,
  at: { submit: UseCaseContext; verify: UseCaseContext },
): Promise<void> {
  const target =
    d.demoState === 'returned' ? 'returned' : WORKFLOW_ORDER.includes(d.demoState as never) ? d.demoState : 'published';
  if (target === 'draft') return;
  if (!(await attempt(() => transition(at.submit, id, 'submit', ATTEST)))) return; // a flawed item stays a draft
  await attempt(() => transition(at.submit, id, 'unit_approve', ATTEST)); // only applies where the unit reviews its submissions
  if (target === 'submitted') return;
  if (target === 'returned') {
    await transition(at.verify, id, 'return', {
      comment: d.reviewComment ?? '请按意见修改后重新提交',
      fieldComments: fieldCommentsFor(d),
    });
    return;
  }
  await transition(at.verify, id, 'verify');
  if (target === 'verified') return;
  await transition(uc, id, 'publish');
  if (d.demoState === 'suspended') await setLifeState(uc, id, 'suspended', d.note ?? '上级部门部署专项整治，暂停受理');
  if (d.demoState === 'cancelled') await cancel(uc, id, today);
  if (d.demoState === 'published_with_draft' && d.draftContent) await pendingChange(uc, id, d, today, withDraftIndex);
}

/** Transitions that may legitimately not apply (unit review off, blocking findings) return false. */
async function attempt(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (isAppError(e) && ['INVALID_STATE', 'RULE_VIOLATION'].includes(e.code)) return false;
    throw e;
  }
}

function fieldCommentsFor(d: DemoItem) {
  const material = d.content.materials?.findIndex((m) => /其他|相关|等$/.test(m.name)) ?? -1;
  if (material >= 0)
    return [{ path: `content.materials.${material}.name`, comment: '兜底表述，请列明具体材料名称及依据' }];
  return [{ path: 'content.setBasis', comment: '设定依据请引用到条、款、项' }];
}

async function cancel(uc: UseCaseContext, id: string, today: string): Promise<void> {
  await createChangeRequest(uc, {
    kind: 'cancel',
    itemId: id,
    ground: 'art16.2',
    groundArisenOn: addDays(today, -5),
    groundDocument: { docNo: '晋政发〔2026〕18号', title: '山西省人民政府关于取消和下放一批行政许可事项的决定' },
    summary: '省政府决定取消',
  });
  await transition(uc, id, 'submit', ATTEST);
  await attempt(() => transition(uc, id, 'unit_approve', ATTEST));
  await transition(uc, id, 'verify');
  await transition(uc, id, 'publish');
}

/**
 * A published item with a pending 变更. The first one is left open long past its deadline (the overdue
 * example for the bureau, Art. 23); the others are submitted within their deadline and wait for verification.
 */
async function pendingChange(uc: UseCaseContext, id: string, d: DemoItem, today: string, index: number): Promise<void> {
  const overdue = index === 0;
  const cr = await createChangeRequest(uc, {
    kind: 'change',
    itemId: id,
    ground: index % 3 === 2 ? 'art18.3' : 'art18.1',
    groundArisenOn: addDays(today, overdue ? -21 : -1),
    groundDocument: {
      docNo: '晋政办发〔2026〕45号',
      title: '关于调整部分政务服务事项实施要素的通知',
      effectiveDate: addDays(today, overdue ? -21 : -1),
    },
    summary: d.note ?? '依据调整更新办事指南',
  });
  const item = (await findItem(uc.app.db.kysely, { kind: 'all' }, id))!;
  await updateItem(uc, id, {
    version: item.lock_version,
    content: d.draftContent!,
    changeNote: cr.summary ?? undefined,
  });
  if (!overdue) await attempt(() => transition(uc, id, 'submit', ATTEST));
}

/** One verified item gets a scheduled publication (生效日期) a week ahead. */
async function scheduleOne(uc: UseCaseContext, data: DemoData, ids: Map<string, string>): Promise<void> {
  const verified = data.items.find((d) => d.demoState === 'verified');
  if (!verified) return;
  const at = new Date(uc.app.clock.now().getTime() + 7 * 86_400_000);
  at.setUTCHours(0, 30, 0, 0);
  await attempt(() => transition(uc, ids.get(verified.key)!, 'schedule', { publishAt: at.toISOString() }));
}
