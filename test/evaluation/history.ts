import type { AppContext } from '../../src/app/context.js';
import { appendAudit } from '../../src/audit/audit.service.js';
import type { AuditAction } from '../../src/audit/actions.js';
import type { Actor } from '../../src/auth/actor.js';
import { addDays } from '../../src/calendar/dates.js';
import { addWorkingDays, type Calendar } from '../../src/calendar/working-days.js';
import { loadCalendar } from '../../src/calendar/calendar.service.js';
import type { Trx } from '../../src/db/database.js';
import { newId } from '../../src/shared/ids.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';

/**
 * Two years of deadline history (Dec 2024 – Nov 2026) for three units, written as rows plus the audit records the
 * real use cases would have appended. Each record is generated from its intended outcome: on time, late by k
 * working days (done = the k-th working day after the deadline) or never done (today = the k-th working day
 * after the deadline). So the expected report is known without the code under test: `expected` holds it.
 */
export const TODAY = '2026-11-30';
export const TODAY_INSTANT = '2026-11-30T04:00:00.000Z';

export type Kind = 'change_request' | 'obligation' | 'explanation';
export interface Expected {
  kind: Kind;
  id: string;
  unitId: string;
  dueOn: string;
  /** null: on time; otherwise working days late (done late, or still open today). */
  late: number | null;
  neverDone: boolean;
  /** The account that did it (or opened it), as the report must name it. */
  accountId: string | null;
  /** Day the ground arose (an explanation request: the day it was asked). */
  arisenOn: string;
}

export interface History {
  units: Array<{ id: string; name: string; clerkId: string; itemId: string }>;
  expected: Expected[];
}

const instant = (day: string) => `${day}T02:00:00.000Z`; // 10:00 China time

/** The deadline d such that `today` is the k-th working day after it. */
function dueBefore(cal: Calendar, today: string, k: number): string {
  // Counting forward from a date just before `today` may run into next year's (unpublished) calendar: skip those.
  const after = (d: string) => {
    try {
      return addWorkingDays(cal, d, k);
    } catch {
      return null;
    }
  };
  for (let d = addDays(today, -1); ; d = addDays(d, -1)) if (after(d) === today) return d;
}

export async function seedHistory(ctx: AppContext): Promise<History> {
  const cal = await loadCalendar(ctx.db);
  const units: History['units'] = [];
  for (const name of ['历史测试教育局', '历史测试民政局', '历史测试交通局']) {
    const unit = await makeUnit(ctx, { name });
    const clerk = await makeAccount(ctx, ['unit_clerk'], unit.id);
    const item = await publishItem(ctx, unit.id, { name: `${name}事项` });
    units.push({ id: unit.id, name, clerkId: clerk.id, itemId: item.id });
  }
  const expected: Expected[] = [];
  const audit = (
    trx: Trx,
    at: string,
    who: { id: string; unitId: string },
    action: AuditAction,
    type: string,
    id: string,
  ) => {
    const actor: Actor = {
      kind: 'user',
      id: who.id,
      name: `经办人-${who.id.slice(0, 6)}`,
      roles: ['unit_clerk'],
      unitId: who.unitId,
    };
    return appendAudit(
      trx,
      { dialect: ctx.db.dialect, key: ctx.keys.audit, now: new Date(at) },
      { actor, meta: {} },
      { action, target: { type, id } },
    );
  };
  // Read before the transaction: SQLite has one connection, a query outside the open transaction would wait on it.
  const versions = new Map(
    (await ctx.db.kysely.selectFrom('items').select(['id', 'published_version_id']).execute()).map((r) => [
      r.id,
      r.published_version_id!,
    ]),
  );

  let n = 0;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (let month = 0; month < 24; month++) {
      for (const [u, unit] of units.entries()) {
        n += 1;
        // Outcome cycle per record: on time, late 1..4, never done (only when open today makes sense).
        const pattern = (n * 7 + u) % 5; // 0,1 on time; 2,3 late; 4 never done
        const k = 1 + (n % 4);
        const base = `${2024 + Math.floor((11 + month) / 12)}-${String(((11 + month) % 12) + 1).padStart(2, '0')}-${String(3 + ((n * 5) % 20)).padStart(2, '0')}`;
        if (base > '2026-11-20') continue;
        const who = { id: unit.clerkId, unitId: unit.id };
        const neverDone = pattern === 4;
        const dueOn = neverDone ? dueBefore(cal, TODAY, k + month) : addWorkingDays(cal, base, 3);
        const arisen = neverDone ? addDays(dueOn, -5) : base;
        const doneOn = neverDone ? null : pattern < 2 ? addDays(arisen, 1) : addWorkingDays(cal, dueOn, k);
        const late = neverDone ? k + month : pattern < 2 ? null : k;
        const kind: Kind = (['change_request', 'obligation', 'explanation'] as const)[n % 3]!;
        const id = newId();
        if (kind === 'change_request') {
          await trx
            .insertInto('change_requests')
            .values({
              id,
              unit_id: unit.id,
              item_id: unit.itemId,
              version_id: null,
              kind: 'change',
              ground: 'art18.1',
              ground_explanation: null,
              ground_document: null,
              ground_arisen_on: arisen,
              due_on: dueOn,
              due_provisional: 0,
              status: doneOn ? 'completed' : 'open',
              first_submitted_at: doneOn ? instant(doneOn) : null,
              completed_at: doneOn ? instant(doneOn) : null,
              obligation_id: null,
              summary: `历史调整 ${n}`,
              created_at: instant(arisen),
              created_by: unit.clerkId,
              lock_version: 1,
            })
            .execute();
          await audit(trx, instant(arisen), who, 'change.created', 'change_request', id);
          expected.push({
            kind,
            id,
            unitId: unit.id,
            dueOn,
            late,
            neverDone,
            accountId: unit.clerkId,
            arisenOn: arisen,
          });
        } else if (kind === 'obligation') {
          // Answered alternately by "no change needed" and by a change request (whose own deadline is the same).
          const viaChange = doneOn !== null && n % 2 === 0;
          const crId = viaChange ? newId() : null;
          if (crId) {
            await trx
              .insertInto('change_requests')
              .values({
                id: crId,
                unit_id: unit.id,
                item_id: unit.itemId,
                version_id: null,
                kind: 'change',
                ground: 'art18.1',
                ground_explanation: null,
                ground_document: null,
                ground_arisen_on: arisen,
                due_on: dueOn,
                due_provisional: 0,
                status: 'completed',
                first_submitted_at: instant(doneOn!),
                completed_at: instant(doneOn!),
                obligation_id: id,
                summary: `义务引起的调整 ${n}`,
                created_at: instant(arisen),
                created_by: unit.clerkId,
                lock_version: 1,
              })
              .execute();
            await audit(trx, instant(arisen), who, 'change.created', 'change_request', crId);
            expected.push({
              kind: 'change_request',
              id: crId,
              unitId: unit.id,
              dueOn,
              late,
              neverDone: false,
              accountId: unit.clerkId,
              arisenOn: arisen,
            });
          }
          await trx
            .insertInto('obligations')
            .values({
              id,
              unit_id: unit.id,
              item_id: unit.itemId,
              kind: 'change',
              ground: 'art18.1',
              source_type: 'legal_event',
              source_id: newId(),
              summary: `法律修订 ${n}`,
              ground_arisen_on: arisen,
              due_on: dueOn,
              due_provisional: 0,
              status: doneOn === null ? 'open' : 'resolved',
              change_request_id: crId,
              justification: doneOn && !crId ? '所依据条款未变化' : null,
              resolved_at: doneOn ? instant(addDays(doneOn, 2)) : null,
              resolved_by: null,
              created_at: instant(arisen),
              catalog_code: null,
              ground_document: null,
              review_note: null,
            })
            .execute();
          if (doneOn && !crId) await audit(trx, instant(doneOn), who, 'obligation.resolved', 'obligation', id);
          expected.push({
            kind,
            id,
            unitId: unit.id,
            dueOn,
            late,
            neverDone,
            accountId: doneOn ? unit.clerkId : null,
            arisenOn: arisen,
          });
        } else {
          await trx
            .insertInto('explanation_requests')
            .values({
              id,
              tracking_no: `H${String(n).padStart(7, '0')}`,
              key_hash: 'x',
              item_id: unit.itemId,
              unit_id: unit.id,
              version_id: versions.get(unit.itemId)!,
              item_name: `${unit.name}事项`,
              requester_name: null,
              contact: null,
              question: '请说明材料要求',
              status: doneOn ? 'answered' : 'open',
              due_on: dueOn,
              due_provisional: 0,
              created_at: instant(arisen),
              answer: doneOn ? '已说明' : null,
              answered_at: doneOn ? instant(doneOn) : null,
              answered_by: doneOn ? unit.clerkId : null,
              faq_status: 'none',
              faq_question: null,
              faq_answer: null,
              faq_decided_at: null,
              faq_decided_by: null,
              faq_note: null,
              faq_seq: null,
              lock_version: 1,
              contact_erased_at: null,
            })
            .execute();
          if (doneOn) await audit(trx, instant(doneOn), who, 'explanation.answered', 'explanation', id);
          expected.push({
            kind,
            id,
            unitId: unit.id,
            dueOn,
            late,
            neverDone,
            accountId: doneOn ? unit.clerkId : null,
            arisenOn: arisen,
          });
        }
      }
    }
  });
  return { units, expected };
}

/** The catalogue facts of one seeded item, as the scorecard must count them. */
export interface ItemSpec {
  unitId: string;
  itemId: string;
  errors: number;
  warnings: number;
  online: 'online' | 'exempt' | 'none';
  /** Published on this day (China time); before the stale limit means "not reviewed". */
  publishedOn: string;
  brokenLinks: number;
  /** Answer in a clean-up campaign: confirmed unchanged (a review) or changed (not one by itself), and its day. */
  campaign?: { status: 'confirmed' | 'changed'; on: string };
  /** Public votes on the guide, per day. */
  votes: Array<{ day: string; helpful: number; unhelpful: number }>;
  /** Day the bureau reviewed the item's public feedback (10:00 China time). */
  feedbackReviewOn?: string;
}

/** Per unit: confirmed within the review period, confirmed before it, changed (not a confirmation). */
const CAMPAIGN_ANSWERS: Array<ItemSpec['campaign']> = [
  { status: 'confirmed', on: '2026-02-10' },
  { status: 'confirmed', on: '2025-06-01' },
  { status: 'changed', on: '2026-03-02' },
];

type VotePlan = Pick<ItemSpec, 'votes' | 'feedbackReviewOn'>;
const none: VotePlan = { votes: [] };
/**
 * Votes per unit and item (the history's item, then plan items 0–2): in and out of the 90-day window, before and
 * after the bureau's review, with a reason-free mix of 有帮助 / 没帮助.
 */
const VOTE_PLAN: VotePlan[][] = [
  [
    { votes: [{ day: '2026-11-20', helpful: 9, unhelpful: 1 }] },
    {
      votes: [
        { day: '2026-10-15', helpful: 1, unhelpful: 2 },
        { day: '2026-11-01', helpful: 2, unhelpful: 4 },
      ],
    },
    none,
    none,
  ],
  [
    none,
    {
      votes: [
        { day: '2026-07-01', helpful: 0, unhelpful: 4 },
        { day: '2026-09-01', helpful: 0, unhelpful: 1 },
        { day: '2026-09-02', helpful: 1, unhelpful: 3 },
      ],
    },
    none,
    { votes: [{ day: '2026-11-29', helpful: 0, unhelpful: 5 }] },
  ],
  // (The third unit has no plan item 0.)
  [
    { votes: [{ day: '2026-11-01', helpful: 0, unhelpful: 6 }], feedbackReviewOn: '2026-11-10' },
    none,
    {
      votes: [
        { day: '2026-11-05', helpful: 0, unhelpful: 4 },
        { day: '2026-11-10', helpful: 0, unhelpful: 1 },
        { day: '2026-11-20', helpful: 2, unhelpful: 5 },
      ],
      feedbackReviewOn: '2026-11-10',
    },
    none,
  ],
];

const ONLINE_CONTENT = {
  online: { handleForms: ['1', '2'] as Array<'1' | '2'> },
  exempt: {
    handleForms: ['1'] as Array<'1' | '2'>,
    online: {
      channel: 'exempt' as const,
      exemption: 'secret' as const,
      exemptionReason: '涉及国家秘密，依《保守国家秘密法》不在网上办理',
    },
  },
  none: { handleForms: ['1'] as Array<'1' | '2'>, online: undefined },
};

/**
 * Three more items per unit with chosen findings, online status, publication day and broken links (link checks
 * written as the checker leaves them), and one extra open obligation for the first unit.
 */
export async function seedCatalogueFacts(
  ctx: AppContext,
  h: History,
  clock: { set(at: string): void },
  brokenAfter: number,
): Promise<ItemSpec[]> {
  const specs: ItemSpec[] = [];
  const plan: Array<Omit<ItemSpec, 'unitId' | 'itemId' | 'votes'>> = [
    { errors: 0, warnings: 2, online: 'online', publishedOn: '2026-06-01', brokenLinks: 0 },
    { errors: 1, warnings: 0, online: 'exempt', publishedOn: '2025-03-03', brokenLinks: 1 },
    { errors: 0, warnings: 1, online: 'none', publishedOn: '2026-10-12', brokenLinks: 2 },
  ];
  for (const [u, unit] of h.units.entries()) {
    // The history's own item: clean, online, published today.
    await ctx.db.kysely
      .updateTable('items')
      .set({ error_count: 0, warning_count: 0 })
      .where('id', '=', unit.itemId)
      .execute();
    specs.push({
      unitId: unit.id,
      itemId: unit.itemId,
      errors: 0,
      warnings: 0,
      online: 'online',
      publishedOn: TODAY,
      brokenLinks: 0,
      ...VOTE_PLAN[u]![0]!,
    });
    for (const [i, p] of plan.entries()) {
      if (u === 2 && i === 0) continue; // units differ in size
      clock.set(`${p.publishedOn}T03:00:00.000Z`);
      const item = await publishItem(ctx, unit.id, { name: `${unit.name}评分事项${i}`, ...ONLINE_CONTENT[p.online] });
      await ctx.db.kysely
        .updateTable('items')
        .set({ error_count: p.errors, warning_count: p.warnings })
        .where('id', '=', item.id)
        .execute();
      for (let l = 0; l < p.brokenLinks; l++) {
        await ctx.db.kysely
          .insertInto('link_checks')
          .values({
            id: newId(),
            item_id: item.id,
            unit_id: unit.id,
            kind: 'blank_form',
            label: `表格${l}`,
            url: `https://x.gov.cn/${item.id}/${l}`,
            last_status: 'failed',
            last_http_status: 404,
            last_error: null,
            last_checked_at: TODAY_INSTANT,
            consecutive_failures: brokenAfter,
            failing_since: TODAY_INSTANT,
            task_opened_at: TODAY_INSTANT,
            created_at: TODAY_INSTANT,
          })
          .execute();
      }
      // A link that failed fewer times than the limit is not broken yet.
      await ctx.db.kysely
        .insertInto('link_checks')
        .values({
          id: newId(),
          item_id: item.id,
          unit_id: unit.id,
          kind: 'online',
          label: '在线办理地址',
          url: `https://x.gov.cn/${item.id}/flaky`,
          last_status: 'failed',
          last_http_status: 503,
          last_error: null,
          last_checked_at: TODAY_INSTANT,
          consecutive_failures: brokenAfter - 1,
          failing_since: TODAY_INSTANT,
          task_opened_at: null,
          created_at: TODAY_INSTANT,
        })
        .execute();
      specs.push({
        unitId: unit.id,
        itemId: item.id,
        ...p,
        ...(i === 1 ? { campaign: CAMPAIGN_ANSWERS[u]! } : {}),
        ...VOTE_PLAN[u]![i + 1]!,
      });
    }
  }
  // A closed clean-up campaign in which each unit answered for its item published in March 2025 (stale by now).
  const campaignId = newId();
  await ctx.db.kysely
    .insertInto('campaigns')
    .values({
      id: campaignId,
      title: '历史目录清理',
      instructions: '逐项核对',
      unit_ids: null,
      types: null,
      opened_on: '2025-05-06',
      due_on: '2026-03-31',
      status: 'closed',
      created_at: '2025-05-06T02:00:00.000Z',
      created_by: null,
      closed_at: '2026-04-01T02:00:00.000Z',
      closed_by: null,
    })
    .execute();
  for (const spec of specs.filter((x) => x.campaign)) {
    await ctx.db.kysely
      .insertInto('campaign_items')
      .values({
        campaign_id: campaignId,
        item_id: spec.itemId,
        unit_id: spec.unitId,
        status: spec.campaign!.status,
        change_request_id: null,
        ground: null,
        note: spec.campaign!.status === 'confirmed' ? '确认无需调整' : null,
        decided_at: `${spec.campaign!.on}T02:00:00.000Z`,
        decided_by: null,
      })
      .execute();
  }
  for (const spec of specs) {
    for (const v of spec.votes)
      await ctx.db.kysely
        .insertInto('guide_votes')
        .values({ item_id: spec.itemId, ...v })
        .execute();
    if (spec.feedbackReviewOn) {
      await ctx.db.kysely
        .insertInto('feedback_reviews')
        .values({
          id: newId(),
          item_id: spec.itemId,
          reviewed_at: instant(spec.feedbackReviewOn),
          reviewed_by: null,
          note: '已核查指南内容',
        })
        .execute();
    }
  }
  clock.set(TODAY_INSTANT);
  return specs;
}
