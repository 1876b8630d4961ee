import { inTransaction, type Audit, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Trx } from '../db/database.js';
import type { Citation } from '../domain/item-content.js';
import { catalogCodeProblem } from '../domain/task-code.js';
import { basisKey } from '../legal/basis-key.js';
import { refreshFindingCounts } from '../legal/refresh-findings.js';
import { obligationDeadline, openObligations, type ObligationSpec } from '../obligations/obligation.open.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { isCodeOf } from '../domain/enums.js';
import { SOURCE_LEVELS, type VersionInput } from './catalogue.import.js';
import type { CatalogueEntryRow, CatalogueVersionEntryRow, CatalogueVersionRow } from './catalogue.table.js';
import { INHERITED_FIELDS, type InheritedField } from './inheritance.js';
import * as repo from './catalogue.repository.js';
import { dismissObligation } from '../obligations/obligation.repository.js';

/** Counts of an import, stored with the version. */
export interface VersionSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Claimed items flagged 需复核. */
  flagged: number;
}

/** Fields compared between two texts of an entry; the inherited ones (Art. 8) flag claimed items. */
export const COMPARED_FIELDS = {
  ...INHERITED_FIELDS,
  useLevels: '行使层级',
  parentCode: '主项基本编码',
  localCatalogCode: '地方基本编码',
  status: '状态',
} as const;
export type ComparedField = keyof typeof COMPARED_FIELDS;

type EntryLike = Pick<
  CatalogueEntryRow,
  'catalog_code' | 'name' | 'type' | 'set_basis' | 'use_levels' | 'parent_code' | 'local_catalog_code' | 'status'
> & { set_basis_key: string | null };

/** Which fields differ between two texts of the same entry. */
export function entryDifferences(before: EntryLike, after: EntryLike): ComparedField[] {
  const out: ComparedField[] = [];
  if (before.name.trim() !== after.name.trim()) out.push('name');
  if (before.type !== after.type) out.push('type');
  const keyOf = (e: EntryLike) => e.set_basis_key ?? basisKey(parseStored<Citation[]>(e.set_basis));
  if (keyOf(before) !== keyOf(after)) out.push('setBasis');
  if (before.use_levels !== after.use_levels) out.push('useLevels');
  if ((before.parent_code ?? '') !== (after.parent_code ?? '')) out.push('parentCode');
  if ((before.local_catalog_code ?? '') !== (after.local_catalog_code ?? '')) out.push('localCatalogCode');
  if (before.status !== after.status) out.push('status');
  return out;
}

const isInherited = (f: ComparedField): f is InheritedField => f in INHERITED_FIELDS;

/**
 * Imports a version of the upper-level catalogue (already parsed and validated): keeps the snapshot,
 * brings `catalogue_entries` to the new text (entries missing from it are marked cancelled), and flags
 * exactly the claimed items whose inherited elements changed (or whose entry was withdrawn) 需复核, each
 * with an obligation — 18(一) when the 设定依据 changed, else 18(二); 16(二) for a withdrawn entry — due
 * N working days after the version's effective date.
 */
export async function importVersion(
  uc: UseCaseContext,
  input: VersionInput,
): Promise<{ version: CatalogueVersionRow; summary: VersionSummary }> {
  authorize(uc.actor, 'catalogue.manage');
  const codeIssues = input.entries.flatMap((e, i) =>
    [
      ['catalogCode', e.catalogCode],
      ['parentCode', e.parentCode],
    ].flatMap(([field, code]) => {
      const message = code ? catalogCodeProblem(code, uc.app.config.catalogCodeLengths) : null;
      return message ? [{ path: `entries.${i}.${field}`, message }] : [];
    }),
  );
  if (codeIssues.length) throw errors.validation(codeIssues);
  const deadline = await obligationDeadline(uc, input.effectiveOn);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const current = new Map((await repo.allEntries(trx)).map((e) => [e.catalog_code, e]));
    const lastSeq = await repo.lastVersionSeq(trx);
    const version: CatalogueVersionRow = {
      id: newId(),
      seq: lastSeq + 1,
      label: input.label.trim(),
      source_level: input.sourceLevel,
      doc_no: input.docNo?.trim() || null,
      effective_on: input.effectiveOn,
      entry_count: input.entries.length,
      summary: '{}',
      file_name: input.fileName ?? null,
      file_format: input.format,
      imported_at: now,
      imported_by: uc.actor.id,
    };
    const snapshot: CatalogueVersionEntryRow[] = input.entries.map((e) => ({
      version_id: version.id,
      catalog_code: e.catalogCode,
      local_catalog_code: e.localCatalogCode ?? null,
      parent_code: e.parentCode ?? null,
      name: e.name.trim(),
      type: e.type,
      set_basis: canonicalJson(e.setBasis),
      set_basis_key: basisKey(e.setBasis),
      use_levels: canonicalJson([...new Set(e.useLevels)].sort()),
      status: e.status ?? 'active',
    }));

    const summary: VersionSummary = { added: 0, removed: 0, changed: 0, unchanged: 0, flagged: 0 };
    const flags = new Map<string, Array<InheritedField | 'removed'>>();
    const touched = new Set<string>();
    for (const e of snapshot) {
      const prev = current.get(e.catalog_code);
      if (!prev || prev.status === 'cancelled') {
        summary.added++;
        touched.add(e.catalog_code);
        continue;
      }
      const fields = entryDifferences(prev, e);
      if (!fields.length) {
        summary.unchanged++;
        continue;
      }
      summary.changed++;
      touched.add(e.catalog_code);
      const inherited = fields.filter(isInherited);
      if (e.status !== 'active' && prev.status === 'active') flags.set(e.catalog_code, ['removed']);
      else if (inherited.length) flags.set(e.catalog_code, inherited);
    }
    const incoming = new Set(snapshot.map((e) => e.catalog_code));
    const removed = [...current.values()].filter((e) => !incoming.has(e.catalog_code) && e.status !== 'cancelled');
    summary.removed = removed.length;
    for (const e of removed) {
      flags.set(e.catalog_code, ['removed']);
      touched.add(e.catalog_code);
    }

    await repo.insertVersion(trx, version, snapshot);
    for (const e of snapshot) {
      const prev = current.get(e.catalog_code);
      const row: CatalogueEntryRow = {
        ...e,
        source_level: input.sourceLevel,
        version_id: version.id,
        updated_at: now,
        entry_version: prev ? prev.entry_version + (entryDifferences(prev, e).length ? 1 : 0) : 1,
      };
      await repo.upsertEntry(trx, row);
    }
    for (const e of removed) {
      await repo.cancelEntry(trx, e, version.id, now);
    }

    const flagged = await flagClaimedItems(uc, trx, audit, version, flags, deadline);
    summary.flagged = flagged;
    version.summary = canonicalJson(summary);
    await repo.setVersionSummary(trx, version.id, version.summary);
    await refreshFindingCounts(trx, uc.app.config, await repo.activeItemIdsWithCodes(trx, [...touched]));
    await audit({
      action: 'catalogue.imported',
      target: { type: 'catalogue_version', id: version.id },
      details: {
        seq: version.seq,
        label: version.label,
        effectiveOn: version.effective_on,
        format: input.format,
        ...summary,
      },
    });
    return { version, summary };
  });
}

/** Opens one review (需复核) with its obligation per claimed item of a changed entry; returns how many. */
async function flagClaimedItems(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  version: CatalogueVersionRow,
  flags: Map<string, Array<InheritedField | 'removed'>>,
  deadline: Awaited<ReturnType<typeof obligationDeadline>>,
): Promise<number> {
  const codes = [...flags.keys()];
  const items = await repo.claimedItemsWithCodes(trx, codes);
  if (!items.length) return 0;
  await supersedeOpenReviews(
    trx,
    audit,
    items.map((i) => i.id),
    version,
  );
  const specs: ObligationSpec[] = items.map((item) => {
    const fields = flags.get(item.catalog_code)!;
    const removed = fields.includes('removed');
    const what = removed
      ? '该条目已从基本目录中取消'
      : `${fields.map((f) => INHERITED_FIELDS[f as InheritedField]).join('、')}已变化`;
    return {
      unitId: item.unit_id,
      itemId: item.id,
      catalogCode: item.catalog_code,
      kind: removed ? 'cancel' : 'change',
      ground: removed ? 'art16.2' : fields.includes('setBasis') ? 'art18.1' : 'art18.2',
      summary: `${version.label}：「${item.name}」（基本编码 ${item.catalog_code}）${what}，请复核${removed ? '并申请取消' : '并采用新文本'}`,
    };
  });
  const obligations = await openObligations(
    uc,
    trx,
    audit,
    {
      type: 'catalogue_version',
      id: version.id,
      title: `${version.label}（${isCodeOf(SOURCE_LEVELS, version.source_level) ? SOURCE_LEVELS[version.source_level] : ''}级基本目录）`,
      groundArisenOn: version.effective_on,
      groundDocument: {
        ...(version.doc_no ? { docNo: version.doc_no } : {}),
        title: version.label,
        effectiveDate: version.effective_on,
      },
    },
    deadline,
    specs,
  );
  const now = uc.app.clock.now().toISOString();
  await repo.insertReviews(
    trx,
    obligations.map((o, i) => ({
      id: newId(),
      item_id: o.item_id!,
      version_id: version.id,
      catalog_code: items[i]!.catalog_code,
      fields: canonicalJson(flags.get(items[i]!.catalog_code)),
      obligation_id: o.id,
      created_at: now,
    })),
  );
  return items.length;
}

/** A newer version replaces the review of an older one that nobody has acted on yet. */
async function supersedeOpenReviews(
  trx: Trx,
  audit: Audit,
  itemIds: string[],
  version: CatalogueVersionRow,
): Promise<void> {
  for (const id of await repo.unactedReviewObligations(trx, itemIds)) {
    await dismissObligation(trx, id, `已被${version.label}取代`, version.imported_at);
    await audit({
      action: 'obligation.dismissed',
      target: { type: 'obligation', id },
      details: { supersededBy: version.id },
    });
  }
}

export async function listVersions(uc: UseCaseContext): Promise<CatalogueVersionRow[]> {
  authorize(uc.actor, 'catalogue.read');
  return repo.listVersions(uc.app.db.kysely);
}

export async function getVersion(
  uc: UseCaseContext,
  id: string,
): Promise<{ version: CatalogueVersionRow; entries: CatalogueVersionEntryRow[] }> {
  authorize(uc.actor, 'catalogue.read');
  const db = uc.app.db.kysely;
  const version = await repo.findVersion(db, id);
  if (!version) throw errors.notFound('目录版本');
  const entries = await repo.versionEntries(db, id, true);
  return { version, entries };
}

export interface FieldChange {
  field: ComparedField;
  label: string;
  before: unknown;
  after: unknown;
  /** An inherited element (Art. 8): claimed items are flagged when it changes. */
  inherited: boolean;
}

export interface VersionComparison {
  from: CatalogueVersionRow | null;
  to: CatalogueVersionRow;
  added: CatalogueVersionEntryRow[];
  removed: CatalogueVersionEntryRow[];
  changed: Array<{ catalogCode: string; name: string; changes: FieldChange[] }>;
  unchanged: number;
}

/** Field-level comparison of a version with another (default: the one before it). */
export async function compareVersions(uc: UseCaseContext, id: string, withId?: string): Promise<VersionComparison> {
  const { version: to, entries: after } = await getVersion(uc, id);
  const db = uc.app.db.kysely;
  const from = withId ? await repo.findVersion(db, withId) : await repo.versionBefore(db, to.seq);
  if (withId && !from) throw errors.notFound('目录版本');
  const before = from ? await repo.versionEntries(db, from.id) : [];
  const beforeByCode = new Map(before.map((e) => [e.catalog_code, e]));
  const afterCodes = new Set(after.map((e) => e.catalog_code));
  const result: VersionComparison = {
    from: from ?? null,
    to,
    added: [],
    removed: before.filter((e) => !afterCodes.has(e.catalog_code)),
    changed: [],
    unchanged: 0,
  };
  for (const e of after) {
    const prev = beforeByCode.get(e.catalog_code);
    if (!prev) {
      result.added.push(e);
      continue;
    }
    const fields = entryDifferences(prev, e);
    if (!fields.length) result.unchanged++;
    else
      result.changed.push({
        catalogCode: e.catalog_code,
        name: e.name,
        changes: fields.map((f) => ({
          field: f,
          label: COMPARED_FIELDS[f],
          before: valueOf(prev, f),
          after: valueOf(e, f),
          inherited: isInherited(f),
        })),
      });
  }
  return result;
}

function valueOf(e: CatalogueVersionEntryRow, field: ComparedField): unknown {
  switch (field) {
    case 'name':
      return e.name;
    case 'catalogCode':
      return e.catalog_code;
    case 'type':
      return e.type;
    case 'setBasis':
      return parseStored(e.set_basis);
    case 'useLevels':
      return parseStored(e.use_levels);
    case 'parentCode':
      return e.parent_code;
    case 'localCatalogCode':
      return e.local_catalog_code;
    case 'status':
      return e.status;
  }
}
