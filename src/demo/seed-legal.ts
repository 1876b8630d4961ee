import type { UseCaseContext } from '../app/use-case.js';
import { addDays } from '../calendar/dates.js';
import { claimEntry } from '../catalogue/claim.service.js';
import type { CatalogueEntryInput } from '../catalogue/catalogue.schema.js';
import { importVersion } from '../catalogue/catalogue-version.service.js';
import type { CatalogueEntryRow } from '../catalogue/catalogue.table.js';
import { recordDirective } from '../legal/directive.service.js';
import { recordLegalEvent } from '../legal/legal-event.service.js';
import { answerNoChange } from '../obligations/obligation.service.js';
import { parseStored } from '../shared/json.js';
import {
  catalogueEntriesByCode,
  citationSpread,
  codesOnlyCancelled,
  firstOpenLegalEventObligation,
  firstPublishedCodeOfUnit,
} from './demo.queries.js';

export interface SeededLegal {
  claims: number;
  flagged: number;
  eventObligations: number;
  directiveObligations: number;
}

const SOCIAL_AID = { docId: 'law-shjzzxbf', title: '社会救助暂行办法', docNo: '国务院令第649号' };
const ELDERLY = { docId: 'law-lnrqybzf', title: '中华人民共和国老年人权益保障法' };

/** Entries the provincial catalogue adds and no unit implements yet: three are claimed, one is left for the coverage report. */
const NEW_ENTRIES: CatalogueEntryInput[] = [
  { catalogCode: '000720101000', name: '居民家庭经济状况核对', type: '20', setBasis: [SOCIAL_AID], useLevels: ['4'] },
  { catalogCode: '000720102000', name: '老年人优待证办理', type: '20', setBasis: [ELDERLY], useLevels: ['4'] },
  { catalogCode: '000720103000', name: '临时救助对象认定', type: '07', setBasis: [SOCIAL_AID], useLevels: ['4', '5'] },
  { catalogCode: '000720104000', name: '养老服务补贴发放', type: '05', setBasis: [ELDERLY], useLevels: ['4'] },
];
const CLAIMS = 3;
/** Claimed items whose entry the new catalogue version renames (they are flagged 需复核). */
const RENAMED = 2;

/**
 * The legal and upper-level side of the demo (issue 5), after the items are published:
 * - the base catalogue as an imported version (2025年版) with four entries no unit implements yet; the
 *   clerk's unit claims (认领) three (one stays uncovered), then a newer version (2026年版) renames two of
 *   them: those items are flagged 需复核 with a comparison and an obligation;
 * - an amendment of the in-force document cited by the most units, effective two weeks ago: one obligation
 *   per citing item, overdue, one of them answered "无需调整" and waiting for the centre;
 * - a provincial decision adjusting one item of the reviewing unit, effective today: an obligation in time.
 */
export async function seedLegal(
  uc: UseCaseContext,
  o: { clerkUnitId: string; reviewUnitId: string; today: string },
): Promise<SeededLegal> {
  const db = uc.app.db.kysely;
  const entries = (await catalogueEntriesByCode(db)).map(entryInput);
  const known = new Set(entries.map((e) => e.catalogCode));
  const added = NEW_ENTRIES.filter((e) => !known.has(e.catalogCode));
  const v1 = [...entries, ...added];
  await importVersion(uc, {
    label: '山西省政务服务事项基本目录（2025年版）',
    sourceLevel: '2',
    effectiveOn: '2025-01-01',
    entries: v1,
    format: 'json',
  });

  const claimable = added.slice(0, CLAIMS);
  for (const e of claimable) await claimEntry(uc, e.catalogCode, { unitId: o.clerkUnitId });

  const renamed = new Map(claimable.slice(0, RENAMED).map((e) => [e.catalogCode, `${e.name}（含变更）`]));
  // The demo cancelled some items on a provincial decision (16(二)): the newer catalogue no longer lists them in force.
  const withdrawn = await codesOnlyCancelled(uc.app.db.kysely);
  const v2 = await importVersion(uc, {
    label: '山西省政务服务事项基本目录（2026年版）',
    sourceLevel: '2',
    effectiveOn: addDays(o.today, -1),
    entries: v1.map((e) => ({
      ...e,
      name: renamed.get(e.catalogCode) ?? e.name,
      ...(withdrawn.has(e.catalogCode) ? { status: 'cancelled' as const } : {}),
    })),
    format: 'json',
  });

  const doc = await mostCitedDocument(uc);
  let eventObligations = 0;
  if (doc) {
    const { impact } = await recordLegalEvent(uc, {
      docId: doc,
      kind: 'amended',
      effectiveOn: addDays(o.today, -14),
      note: '上级转发修订决定，请各实施单位核对所引条款并申请变更。',
    });
    eventObligations = impact.targets.length;
    const first = await firstOpenLegalEventObligation(db);
    if (first)
      await answerNoChange(uc, first, '本事项引用的条款在此次修订中未作改动，办理条件、材料和时限均无需调整。');
  }

  const target = await firstPublishedCodeOfUnit(db, o.reviewUnitId);
  let directiveObligations = 0;
  if (target !== undefined) {
    const { impact } = await recordDirective(uc, {
      level: 'province',
      kind: 'adjust',
      docNo: '晋政发〔2026〕演示1号',
      title: '山西省人民政府关于调整部分政务服务事项的决定（演示）',
      issuedOn: addDays(o.today, -3),
      effectiveOn: o.today,
      codes: [target],
      note: '事项名称和办理层级按决定调整。',
    });
    directiveObligations = impact.targets.length;
  }
  return { claims: claimable.length, flagged: v2.summary.flagged, eventObligations, directiveObligations };
}

function entryInput(e: CatalogueEntryRow): CatalogueEntryInput {
  return {
    catalogCode: e.catalog_code,
    name: e.name,
    type: e.type,
    setBasis: parseStored(e.set_basis),
    useLevels: parseStored(e.use_levels),
    status: e.status as 'active',
    ...(e.parent_code ? { parentCode: e.parent_code } : {}),
    ...(e.local_catalog_code ? { localCatalogCode: e.local_catalog_code } : {}),
  };
}

/** The in-force document cited by published items of the most units (at most 15 items, so the demo stays readable). */
async function mostCitedDocument(uc: UseCaseContext): Promise<string | undefined> {
  const rows = await citationSpread(uc.app.db.kysely);
  return rows
    .filter((r) => Number(r.items) <= 15)
    .sort(
      (a, b) =>
        Number(b.units) - Number(a.units) || Number(b.items) - Number(a.items) || a.doc_id.localeCompare(b.doc_id),
    )[0]?.doc_id;
}
