import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import { impactOf, type Impact, type ImpactTarget } from '../obligations/impact.js';
import { obligationDeadline, openObligations } from '../obligations/obligation.open.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import type { Deadline } from '../workflow/deadline.js';
import { LEGAL_EVENT_KINDS } from './legal.enums.js';
import {
  citingPublishedItems,
  findLegalEvent,
  itemsCiting,
  listLegalEvents as queryLegalEvents,
  unitsByIds,
  type LegalEventView,
} from './legal.queries.js';
import { findDocument, insertLegalEvent, recordDocumentChange } from './legal.repository.js';
import type { LegalEventBody } from './legal.schema.js';
import type { LegalDocumentRow, LegalEventRow } from './legal.table.js';
import { refreshFindingCounts } from './refresh-findings.js';
import { refreshBasisNotices } from '../publishing/public-documents.repository.js';

/**
 * Legal events (Art. 16(一), 17(一), 18(一)): a document is repealed or expires, is amended, or is newly
 * made. Recording one updates the register and opens, for every published item citing the document (one
 * per item, in use or suspended), an obligation for the item's unit, due N working days after the effective date:
 *
 * | event            | item cites it in 设定依据 | only in 实施依据 |
 * |------------------|--------------------------|------------------|
 * | repealed/expired | 取消, 16(一)              | 变更, 18(一)      |
 * | amended          | 变更, 18(一)              | 变更, 18(一)      |
 * | new              | 新增, 17(一) for items citing the document it replaces, and for each unit the centre names |
 *
 * `previewLegalEvent` computes the same list and writes nothing.
 */

interface Checked {
  doc: LegalDocumentRow;
  related: LegalDocumentRow | null;
  units: Array<{ id: string; name: string }>;
}

async function check(db: Executor, body: LegalEventBody): Promise<Checked> {
  const doc = await findDocument(db, body.docId);
  if (!doc) throw errors.field('docId', '法律文件不存在');
  const kind = body.kind;
  if (doc.status === 'repealed' || doc.status === 'expired')
    throw errors.invalidState(
      `《${doc.title}》已${doc.status === 'repealed' ? '废止' : '失效'}，不能再登记${LEGAL_EVENT_KINDS[kind]}`,
    );
  if (kind === 'new' && doc.status !== 'in_force') throw errors.field('docId', '新立的文件应为现行有效状态');
  let related: LegalDocumentRow | null = null;
  if (body.relatedDocId) {
    if (kind !== 'amended' && kind !== 'new') throw errors.field('relatedDocId', '只有修订和新立事件可以关联另一文件');
    if (body.relatedDocId === body.docId) throw errors.field('relatedDocId', '关联文件不能是文件本身');
    related = (await findDocument(db, body.relatedDocId)) ?? null;
    if (!related) throw errors.field('relatedDocId', '关联文件不存在');
  }
  const unitIds = body.unitIds ?? [];
  if (unitIds.length && kind !== 'new') throw errors.field('unitIds', '只有新立事件由中心指定单位');
  const units = unitIds.length ? await unitsByIds(db, unitIds) : [];
  unitIds.forEach((id, i) => {
    const unit = units.find((u) => u.id === id);
    if (!unit || !unit.active) throw errors.field(`unitIds.${i}`, '实施单位不存在');
  });
  return { doc, related, units: unitIds.map((id) => units.find((u) => u.id === id)!) };
}

/** The obligations the event would open (against the current citation index). */
async function targetsOf(db: Executor, body: LegalEventBody, c: Checked): Promise<ImpactTarget[]> {
  const kind = body.kind;
  const title = `《${c.doc.title.replace(/^《|》$/g, '')}》`;
  const citedDoc = kind === 'new' ? c.related?.id : c.doc.id;
  const citing = citedDoc ? await citingPublishedItems(db, citedDoc) : [];
  const targets: ImpactTarget[] = citing.map((i) => {
    const bySet = i.bases.includes('set');
    const base = {
      unitId: i.unitId,
      unitName: i.unitName,
      itemId: i.itemId,
      itemName: i.name,
      taskCode: i.taskCode,
      bases: i.bases,
      articles: i.articles,
      catalogCode: i.catalogCode,
    };
    const cited = `${bySet ? '设定依据' : '实施依据'}引用${i.articles.length ? i.articles.join('、') : '该文件'}`;
    switch (kind) {
      case 'repealed':
      case 'expired':
        return bySet
          ? {
              ...base,
              kind: 'cancel',
              ground: 'art16.1',
              summary: `${title}自 ${body.effectiveOn} 起${LEGAL_EVENT_KINDS[kind]}：「${i.name}」${cited}，应申请取消（设定依据已被废止或失效）`,
            }
          : {
              ...base,
              kind: 'change',
              ground: 'art18.1',
              summary: `${title}自 ${body.effectiveOn} 起${LEGAL_EVENT_KINDS[kind]}：「${i.name}」${cited}，应变更依据`,
            };
      case 'amended':
        return {
          ...base,
          kind: 'change',
          ground: 'art18.1',
          summary: `${title}修订（${body.effectiveOn} 起施行）：「${i.name}」${cited}，请核对修订后的条款并申请变更`,
        };
      case 'new':
        return {
          ...base,
          kind: 'add',
          ground: 'art17.1',
          summary: `${title}新立/修订（取代《${c.related!.title.replace(/^《|》$/g, '')}》，${body.effectiveOn} 起施行）：请评估「${i.name}」相关业务是否需据此新增事项`,
        };
    }
  });
  if (kind === 'new') {
    const withItems = new Set(targets.map((t) => t.unitId));
    for (const u of c.units) {
      if (withItems.has(u.id)) continue;
      targets.push({
        unitId: u.id,
        unitName: u.name,
        itemId: null,
        itemName: null,
        taskCode: null,
        kind: 'add',
        ground: 'art17.1',
        summary: `${title}新立（${body.effectiveOn} 起施行）：中心指定本单位据此评估并新增相应事项`,
      });
    }
  }
  return targets;
}

/** Impact preview: which items and units the event would touch, with kinds, grounds and the deadline. Writes nothing. */
export async function previewLegalEvent(uc: UseCaseContext, body: LegalEventBody): Promise<Impact> {
  authorize(uc.actor, 'legal.manage');
  const db = uc.app.db.kysely;
  const checked = await check(db, body);
  const deadline = await obligationDeadline(uc, body.effectiveOn);
  return impactOf(body.effectiveOn, deadline, await targetsOf(db, body, checked));
}

/** Records the event: register status, the event row, the obligations and notifications, in one transaction. */
export async function recordLegalEvent(
  uc: UseCaseContext,
  body: LegalEventBody,
): Promise<{ event: LegalEventRow; impact: Impact }> {
  authorize(uc.actor, 'legal.manage');
  const deadline: Deadline = await obligationDeadline(uc, body.effectiveOn);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const checked = await check(trx, body);
    const targets = await targetsOf(trx, body, checked);
    const { doc, related } = checked;
    const kind = body.kind;
    const event: LegalEventRow = {
      id: newId(),
      doc_id: doc.id,
      kind,
      effective_on: body.effectiveOn,
      notice_doc_no: body.noticeDocNo?.trim() || null,
      notice_title: body.noticeTitle?.trim() || null,
      related_doc_id: related?.id ?? null,
      unit_ids: canonicalJson(body.unitIds ?? []),
      note: body.note?.trim() || null,
      obligation_count: targets.length,
      recorded_at: now,
      recorded_by: uc.actor.id,
    };
    await insertLegalEvent(trx, event);
    const bump = { updated_at: now, updated_by: uc.actor.id };
    switch (kind) {
      case 'repealed':
      case 'expired':
        await recordDocumentChange(trx, doc.id, { ...bump, status: kind, repealed_on: body.effectiveOn });
        break;
      case 'amended':
        await recordDocumentChange(trx, doc.id, {
          ...bump,
          status: 'amended',
          amended_on: body.effectiveOn,
          successor_id: related?.id ?? doc.successor_id,
        });
        break;
      case 'new':
        if (!doc.effective_on) await recordDocumentChange(trx, doc.id, { effective_on: body.effectiveOn });
        if (related) {
          await recordDocumentChange(trx, related.id, {
            ...bump,
            status: related.status === 'in_force' ? 'amended' : related.status,
            amended_on: related.amended_on ?? body.effectiveOn,
            successor_id: doc.id,
          });
        }
        break;
    }
    await openObligations(
      uc,
      trx,
      audit,
      {
        type: 'legal_event',
        id: event.id,
        title: `《${doc.title.replace(/^《|》$/g, '')}》${LEGAL_EVENT_KINDS[kind]}`,
        groundArisenOn: body.effectiveOn,
        groundDocument: {
          ...(event.notice_doc_no || doc.doc_no ? { docNo: (event.notice_doc_no ?? doc.doc_no)! } : {}),
          title: event.notice_title ?? `《${doc.title.replace(/^《|》$/g, '')}》`,
          effectiveDate: body.effectiveOn,
        },
      },
      deadline,
      targets,
    );
    const citing = await itemsCiting(trx, [doc.id, ...(related ? [related.id] : [])]);
    await refreshFindingCounts(trx, uc.app.config, citing);
    await refreshBasisNotices(trx, citing);
    const after = await findDocument(trx, doc.id);
    await audit({
      action: 'legal.event_recorded',
      target: { type: 'legal_event', id: event.id },
      before: doc,
      after,
      details: {
        docId: doc.id,
        kind,
        effectiveOn: body.effectiveOn,
        noticeDocNo: event.notice_doc_no,
        relatedDocId: event.related_doc_id,
        obligations: targets.length,
        units: [...new Set(targets.map((t) => t.unitId))].length,
      },
    });
    return { event, impact: impactOf(body.effectiveOn, deadline, targets) };
  });
}

export function presentLegalEvent(e: LegalEventView) {
  return {
    id: e.id,
    docId: e.doc_id,
    docTitle: e.doc_title,
    kind: e.kind,
    kindLabel: LEGAL_EVENT_KINDS[e.kind] ?? e.kind,
    effectiveOn: e.effective_on,
    noticeDocNo: e.notice_doc_no,
    noticeTitle: e.notice_title,
    relatedDocId: e.related_doc_id,
    unitIds: parseStored<string[]>(e.unit_ids),
    note: e.note,
    obligationCount: e.obligation_count,
    recordedAt: e.recorded_at,
  };
}

export async function listLegalEvents(
  uc: UseCaseContext,
  f: { docId?: string; limit: number; offset: number },
): Promise<{ rows: LegalEventView[]; total: number }> {
  authorize(uc.actor, 'legal.read');
  return queryLegalEvents(uc.app.db.kysely, f);
}

export async function getLegalEvent(uc: UseCaseContext, id: string): Promise<LegalEventView> {
  authorize(uc.actor, 'legal.read');
  const row = await findLegalEvent(uc.app.db.kysely, id);
  if (!row) throw errors.notFound('法律事件');
  return row;
}
