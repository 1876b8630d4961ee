import type { Config } from '../config/config.js';
import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import type { Granularity } from '../domain/enums.js';
import { parseStored } from '../shared/json.js';
import { registerEntriesCited } from '../legal/legal.repository.js';
import { checkItem, summarize } from '../rules/engine.js';
import { ruleFactsMany } from './findings.queries.js';
import type { Finding, RuleContext } from '../rules/types.js';

export interface FindingsResult {
  findings: Finding[];
  summary: ReturnType<typeof summarize>;
}

export interface Checkable {
  id?: string;
  granularity: Granularity;
  taskCode?: string;
  handlingCode?: string;
  parentId?: string | null;
  unitId: string;
}

/**
 * Runs the rules engine for an item with the facts it needs from the database: the unit's USCC, the
 * number of children, the base-catalogue entry with the same 基本编码, and the cited legal documents.
 */
export async function findingsFor(
  db: Executor,
  config: Config,
  item: Checkable,
  content: ItemContent,
): Promise<FindingsResult> {
  const [result] = await findingsForMany(db, config, [{ item, content }]);
  return result!;
}

/**
 * The findings of many items with each fact fetched once for all of them (a bulk import checks hundreds at a
 * time): as if each entry were written before the next is checked, so a later entry sees an earlier one of
 * another unit under the same 基本编码, exactly as one-by-one entry would.
 */
export async function findingsForMany(
  db: Executor,
  config: Config,
  entries: ReadonlyArray<{ item: Checkable; content: ItemContent }>,
): Promise<FindingsResult[]> {
  if (!entries.length) return [];
  const distinct = <T>(values: Array<T | null | undefined>) => [
    ...new Set(values.filter((v): v is T => v !== null && v !== undefined && v !== '')),
  ];
  const unitIds = distinct(entries.map((e) => e.item.unitId));
  const itemIds = distinct(entries.map((e) => e.item.id));
  const catalogCodes = distinct(entries.map((e) => e.content.catalogCode));
  const parentIds = distinct(entries.map((e) => e.item.parentId));
  const [facts, docs] = await Promise.all([
    ruleFactsMany(db, { unitIds, itemIds, catalogCodes, parentIds }),
    registerEntriesCited(db, {
      setBasis: entries.flatMap((e) => e.content.setBasis ?? []),
      implBasis: entries.flatMap((e) => e.content.implBasis ?? []),
    }),
  ]);
  const { units, children, entries: catalogueEntries, governedLevels, diverging, elsewhere, parents } = facts;
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const childCount = new Map(children.map((c) => [c.parent_id, Number(c.n)]));
  const entryOf = new Map(catalogueEntries.map((e) => [e.catalog_code, e]));
  const parentOf = new Map(parents.map((p) => [p.id, p]));
  const sameCode = new Map<string, typeof elsewhere>();
  for (const o of elsewhere) {
    const list = sameCode.get(o.catalog_code);
    if (list) list.push(o);
    else sameCode.set(o.catalog_code, [o]);
  }
  return entries.map(({ item, content }, i) => {
    const unit = unitOf.get(item.unitId);
    const entry = content.catalogCode ? entryOf.get(content.catalogCode) : undefined;
    // Earlier entries of the batch count as written (see above); handling items carry their parent's code.
    const earlier = entries
      .slice(0, i)
      .filter(
        (e) =>
          e.item.granularity !== 'handling' && e.content.catalogCode && e.content.catalogCode === content.catalogCode,
      )
      .map((e) => ({
        unit_id: e.item.unitId,
        name: e.content.name,
        unit_name: unitOf.get(e.item.unitId)?.name ?? '',
        region_code: unitOf.get(e.item.unitId)?.region_code ?? '',
      }));
    const others =
      item.granularity === 'handling' || !content.catalogCode
        ? []
        : [...(sameCode.get(content.catalogCode) ?? []).filter((o) => o.id !== item.id), ...earlier]
            .filter((o) => o.unit_id !== item.unitId)
            .sort((a, b) => (a.unit_name < b.unit_name ? -1 : a.unit_name > b.unit_name ? 1 : 0))
            .slice(0, 5);
    const context: RuleContext = {
      areaCode: config.jurisdiction.areaCode,
      jurisdictionLevel: config.jurisdiction.level,
      catalogCodeLengths: config.catalogCodeLengths,
      itemTypes: config.itemTypes,
      legalDocuments: docs,
      catalogueEntry: entry
        ? {
            catalogCode: entry.catalog_code,
            name: entry.name,
            type: entry.type,
            setBasis: parseStored(entry.set_basis),
          }
        : undefined,
      catalogue: { governedLevels, divergenceRecorded: !!item.id && diverging.has(item.id) },
      sameCodeElsewhere: others
        .filter((o) => o.region_code === unit?.region_code)
        .map((o) => ({ unitName: o.unit_name, itemName: o.name })),
    };
    const parent = item.parentId ? parentOf.get(item.parentId) : undefined;
    const findings = checkItem(
      {
        granularity: item.granularity,
        taskCode: item.taskCode,
        handlingCode: item.handlingCode || undefined,
        ...(parent && {
          parentTaskCode: parent.task_code,
          ...(parent.catalog_code && { parentCatalogCode: parent.catalog_code }),
        }),
        content,
        unit: unit
          ? { uscc: unit.uscc, name: unit.name, nature: unit.nature, regionCode: unit.region_code }
          : undefined,
        childCount: (item.id && childCount.get(item.id)) || 0,
      },
      context,
    );
    return { findings, summary: summarize(findings) };
  });
}
