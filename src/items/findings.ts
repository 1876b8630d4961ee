import type { Config } from '../config/config.js';
import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import type { Granularity } from '../domain/enums.js';
import { parseStored } from '../shared/json.js';
import { registerEntriesCited } from '../legal/legal.repository.js';
import { checkItem, summarize } from '../rules/engine.js';
import { ruleFacts } from './findings.queries.js';
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
  const [{ unit, children, entry, catalogue, elsewhere, parent }, docs] = await Promise.all([
    ruleFacts(db, item, content.catalogCode),
    legalDocumentsCited(db, content),
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

/** Register entries (title, status) of the documents the content cites by `docId` (free-text citations are not looked up). */
async function legalDocumentsCited(db: Executor, content: ItemContent): Promise<RuleContext['legalDocuments']> {
  return registerEntriesCited(db, content);
}
