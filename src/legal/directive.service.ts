import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import { impactOf, type Impact, type ImpactTarget } from '../obligations/impact.js';
import { obligationDeadline, openObligations } from '../obligations/obligation.open.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { groundLabel, type Ground } from '../domain/grounds.js';
import { DIRECTIVE_KINDS, DIRECTIVE_LEVELS } from './legal.enums.js';
import type { DirectiveBody } from './legal.schema.js';
import * as queries from './legal.queries.js';
import { insertDirective } from './legal.repository.js';
import type { DirectiveRow } from './legal.table.js';

/**
 * Upper-level directives: 国务院 / 省 / 市 decide to cancel, delegate (下放) or adjust items, naming their
 * 基本编码. Obligations go to the units that implement the codes (cancel → 16(二); adjust → 18(二), or 18(一)
 * when the decision changes the 设定依据), and for a delegation to the units the centre picks to take the
 * items over (add → 17(二), one per unit and code, skipped where the unit already implements the code).
 * Only catalogue-level items (主项、子项) are concerned; 业务办理项 follow their parent.
 */

function groundOf(body: DirectiveBody): Ground {
  switch (body.kind) {
    case 'cancel':
      return 'art16.2';
    case 'delegate':
      return 'art17.2';
    case 'adjust':
      return body.adjustGround ?? 'art18.2';
  }
}

async function targetsOf(
  db: Executor,
  body: DirectiveBody,
): Promise<{ targets: ImpactTarget[]; skipped: Impact['skipped'] }> {
  const kind = body.kind;
  const who = `${DIRECTIVE_LEVELS[body.level]}决定${DIRECTIVE_KINDS[kind]}（${body.docNo}）`;
  const entries = await queries.catalogueEntryNames(db, body.codes);
  const ground = groundOf(body);
  if (kind !== 'delegate') {
    if (body.unitIds?.length) throw errors.field('unitIds', '只有下放决定由中心指定承接单位');
    const items = await queries.publishedItemsWithCodes(db, body.codes);
    const targets = items.map(
      (i): ImpactTarget => ({
        unitId: i.unit_id,
        unitName: i.unit_name,
        itemId: i.id,
        itemName: i.name,
        taskCode: i.task_code,
        catalogCode: i.catalog_code,
        kind: kind === 'cancel' ? 'cancel' : 'change',
        ground,
        summary: `${who}：「${i.name}」（基本编码 ${i.catalog_code}）${kind === 'cancel' ? '应申请取消' : `应按决定申请变更（${groundLabel(ground)}）`}`,
      }),
    );
    // A code no published item carries is most often a typo: say so rather than silently open nothing for it.
    const hit = new Set(items.map((i) => i.catalog_code));
    const skipped = body.codes
      .filter((c) => !hit.has(c))
      .map((c) => ({
        unitName: '—',
        catalogCode: c,
        reason: entries.has(c) ? '没有单位实施此编码的已发布事项' : '基本目录中没有此编码，也没有事项使用它：请核对',
      }));
    return { targets, skipped };
  }
  const unitIds = body.unitIds ?? [];
  if (!unitIds.length) throw errors.field('unitIds', '下放决定须指定承接单位');
  const units = await queries.unitsByIds(db, unitIds);
  unitIds.forEach((id, i) => {
    const unit = units.find((u) => u.id === id);
    if (!unit || !unit.active) throw errors.field(`unitIds.${i}`, '实施单位不存在');
  });
  const existing = await queries.unitCodesInUse(db, unitIds, body.codes);
  const has = new Set(existing.map((e) => `${e.unit_id}|${e.catalog_code}`));
  const targets: ImpactTarget[] = [];
  const skipped: Impact['skipped'] = [];
  for (const id of unitIds) {
    const unit = units.find((u) => u.id === id)!;
    for (const code of body.codes) {
      const name = entries.get(code) ?? `基本编码 ${code}`;
      if (has.has(`${id}|${code}`)) {
        skipped.push({ unitName: unit.name, catalogCode: code, reason: '该单位已实施此编码的事项' });
        continue;
      }
      targets.push({
        unitId: id,
        unitName: unit.name,
        itemId: null,
        itemName: null,
        taskCode: null,
        catalogCode: code,
        kind: 'add',
        ground,
        summary: `${who}：本单位须承接「${name}」（基本编码 ${code}），请申请新增`,
      });
    }
  }
  return { targets, skipped };
}

/** Impact preview of a directive: the obligations it would open, and what it would skip. Writes nothing. */
/** The effective date (the issue date unless given), which cannot precede the issue date. */
function effectiveOf(body: DirectiveBody): string {
  const effectiveOn = body.effectiveOn ?? body.issuedOn;
  if (effectiveOn < body.issuedOn) throw errors.field('effectiveOn', '生效日期不能早于印发日期');
  return effectiveOn;
}

/** The same decision (文号 and kind) recorded again for any of the same codes: a double submission, refused. */
async function refuseRepeat(db: Executor, body: DirectiveBody): Promise<void> {
  const earlier = await queries.directivesNamed(db, body.docNo.trim(), body.kind);
  const repeated = body.codes.filter((c) => earlier.some((d) => parseStored<string[]>(d.codes).includes(c)));
  if (repeated.length)
    throw errors.duplicate(
      `文号 ${body.docNo.trim()} 的${DIRECTIVE_KINDS[body.kind]}决定已就基本编码 ${repeated.join('、')} 登记过，不能重复登记`,
      'docNo',
    );
}

export async function previewDirective(uc: UseCaseContext, body: DirectiveBody): Promise<Impact> {
  authorize(uc.actor, 'legal.manage');
  const effectiveOn = effectiveOf(body);
  await refuseRepeat(uc.app.db.kysely, body);
  const { targets, skipped } = await targetsOf(uc.app.db.kysely, body);
  return impactOf(effectiveOn, await obligationDeadline(uc, effectiveOn), targets, skipped);
}

export async function recordDirective(
  uc: UseCaseContext,
  body: DirectiveBody,
): Promise<{ directive: DirectiveRow; impact: Impact }> {
  authorize(uc.actor, 'legal.manage');
  const effectiveOn = effectiveOf(body);
  const deadline = await obligationDeadline(uc, effectiveOn);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    await refuseRepeat(trx, body);
    const { targets, skipped } = await targetsOf(trx, body);
    const directive: DirectiveRow = {
      id: newId(),
      level: body.level,
      kind: body.kind,
      doc_no: body.docNo.trim(),
      title: body.title.trim(),
      issued_on: body.issuedOn,
      effective_on: effectiveOn,
      codes: canonicalJson(body.codes),
      unit_ids: canonicalJson(body.unitIds ?? []),
      ground: groundOf(body),
      note: body.note?.trim() || null,
      obligation_count: targets.length,
      recorded_at: now,
      recorded_by: uc.actor.id,
    };
    await insertDirective(trx, directive);
    await openObligations(
      uc,
      trx,
      audit,
      {
        type: 'directive',
        id: directive.id,
        title: `${directive.title}（${directive.doc_no}）`,
        groundArisenOn: effectiveOn,
        groundDocument: { docNo: directive.doc_no, title: directive.title, effectiveDate: effectiveOn },
      },
      deadline,
      targets,
    );
    await audit({
      action: 'directive.recorded',
      target: { type: 'directive', id: directive.id },
      after: directive,
      details: {
        kind: directive.kind,
        level: directive.level,
        docNo: directive.doc_no,
        codes: body.codes.length,
        obligations: targets.length,
        skipped: skipped.length,
      },
    });
    return { directive, impact: impactOf(effectiveOn, deadline, targets, skipped) };
  });
}

export function presentDirective(d: DirectiveRow) {
  return {
    id: d.id,
    level: d.level,
    levelLabel: DIRECTIVE_LEVELS[d.level] ?? d.level,
    kind: d.kind,
    kindLabel: DIRECTIVE_KINDS[d.kind] ?? d.kind,
    docNo: d.doc_no,
    title: d.title,
    issuedOn: d.issued_on,
    effectiveOn: d.effective_on,
    codes: parseStored<string[]>(d.codes),
    unitIds: parseStored<string[]>(d.unit_ids),
    ground: d.ground,
    groundLabel: groundLabel(d.ground),
    note: d.note,
    obligationCount: d.obligation_count,
    recordedAt: d.recorded_at,
  };
}

export async function listDirectives(
  uc: UseCaseContext,
  f: { limit: number; offset: number },
): Promise<{ rows: DirectiveRow[]; total: number }> {
  authorize(uc.actor, 'legal.read');
  return queries.listDirectives(uc.app.db.kysely, f);
}

export async function getDirective(uc: UseCaseContext, id: string): Promise<DirectiveRow> {
  authorize(uc.actor, 'legal.read');
  const row = await queries.findDirective(uc.app.db.kysely, id);
  if (!row) throw errors.notFound('上级决定');
  return row;
}
