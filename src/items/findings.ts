import type { Config } from '../config/config.js';
import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import type { Granularity } from '../domain/enums.js';
import { parseStored } from '../shared/json.js';
import { registerEntriesCited } from '../legal/legal.repository.js';
import { checkItem, summarize } from '../rules/engine.js';
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
export async function findingsFor(db: Executor, config: Config, item: Checkable, content: ItemContent): Promise<FindingsResult> {
  const [unit, children, entry, docs, catalogue, elsewhere, parent] = await Promise.all([
    db.selectFrom('units').select(['uscc', 'name', 'nature', 'region_code']).where('id', '=', item.unitId).executeTakeFirst(),
    item.id ? db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', item.id).executeTakeFirst() : undefined,
    content.catalogCode ? db.selectFrom('catalogue_entries').selectAll().where('catalog_code', '=', content.catalogCode).executeTakeFirst() : undefined,
    legalDocumentsCited(db, content),
    catalogueGovernance(db, item.id),
    sameCodeElsewhere(db, item, content.catalogCode),
    item.parentId ? db.selectFrom('items').select(['task_code', 'catalog_code']).where('id', '=', item.parentId).executeTakeFirst() : undefined,
  ]);
  const context: RuleContext = {
    areaCode: config.jurisdiction.areaCode,
    jurisdictionLevel: config.jurisdiction.level,
    catalogCodeLengths: config.catalogCodeLengths,
    itemTypes: config.itemTypes,
    legalDocuments: docs,
    catalogueEntry: entry
      ? { catalogCode: entry.catalog_code, name: entry.name, type: entry.type, setBasis: parseStored(entry.set_basis) }
      : undefined,
    catalogue,
    sameCodeElsewhere: elsewhere.filter((o) => o.region_code === unit?.region_code).map((o) => ({ unitName: o.unit_name, itemName: o.name })),
  };
  const findings = checkItem(
    {
      granularity: item.granularity,
      taskCode: item.taskCode,
      handlingCode: item.handlingCode || undefined,
      ...(parent && { parentTaskCode: parent.task_code, ...(parent.catalog_code && { parentCatalogCode: parent.catalog_code }) }),
      content,
      unit: unit ? { uscc: unit.uscc, name: unit.name, nature: unit.nature, regionCode: unit.region_code } : undefined,
      childCount: children ? Number(children.n) : 0,
    },
    context,
  );
  return { findings, summary: summarize(findings) };
}

/** The 行使层级 the loaded catalogue's entries cover, and whether the item has a 基本编码 divergence on record. */
async function catalogueGovernance(db: Executor, itemId: string | undefined): Promise<RuleContext['catalogue']> {
  const [levels, divergence] = await Promise.all([
    db.selectFrom('catalogue_entries').select('use_levels').groupBy('use_levels').execute(),
    itemId ? db.selectFrom('divergence_requests').select('id').where('item_id', '=', itemId).where('field', '=', 'catalogCode').where('status', '<>', 'rejected').executeTakeFirst() : undefined,
  ]);
  return { governedLevels: [...new Set(levels.flatMap((r) => parseStored<string[]>(r.use_levels)))], divergenceRecorded: !!divergence };
}

/** Catalogue-level items of other units under the same 基本编码 (handling items carry their parent's code). */
function sameCodeElsewhere(db: Executor, item: Checkable, catalogCode: string | undefined) {
  if (item.granularity === 'handling' || !catalogCode) return Promise.resolve([]);
  return db.selectFrom('items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.name', 'u.name as unit_name', 'u.region_code'])
    .where('i.catalog_code', '=', catalogCode).where('i.unit_id', '<>', item.unitId).where('i.life_state', '<>', 'cancelled').where('i.granularity', '<>', 'handling')
    .orderBy('u.name').limit(5).execute();
}

/** Register entries (title, status) of the documents the content cites by `docId` (free-text citations are not looked up). */
async function legalDocumentsCited(db: Executor, content: ItemContent): Promise<RuleContext['legalDocuments']> {
  return registerEntriesCited(db, content);
}
