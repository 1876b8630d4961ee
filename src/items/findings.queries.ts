import type { Executor } from '../db/database.js';
import type { Granularity } from '../domain/enums.js';
import { parseStored } from '../shared/json.js';

/** What the rules engine needs to know about an item beyond its content. */
export interface RuleFactsOf {
  id?: string;
  granularity: Granularity;
  parentId?: string | null;
  unitId: string;
}

/**
 * The facts the rules engine reads from the database for one item: its unit, how many children it has, the
 * base-catalogue entry with its 基本编码, the catalogue's governance, same-code items of other units, the parent's
 * 实施编码. Read concurrently on the caller's executor.
 */
export async function ruleFacts(db: Executor, item: RuleFactsOf, catalogCode: string | undefined) {
  const [unit, children, entry, catalogue, elsewhere, parent] = await Promise.all([
    db.selectFrom('units').select(['uscc', 'name', 'nature', 'region_code']).where('id', '=', item.unitId).executeTakeFirst(),
    item.id ? db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', item.id).executeTakeFirst() : undefined,
    catalogCode ? db.selectFrom('catalogue_entries').selectAll().where('catalog_code', '=', catalogCode).executeTakeFirst() : undefined,
    catalogueGovernance(db, item.id),
    sameCodeElsewhere(db, item, catalogCode),
    item.parentId ? db.selectFrom('items').select(['task_code', 'catalog_code']).where('id', '=', item.parentId).executeTakeFirst() : undefined,
  ]);
  return { unit, children, entry, catalogue, elsewhere, parent };
}

/** The 行使层级 the loaded catalogue's entries cover, and whether the item has a 基本编码 divergence on record. */
async function catalogueGovernance(db: Executor, itemId: string | undefined): Promise<{ governedLevels: string[]; divergenceRecorded: boolean }> {
  const [levels, divergence] = await Promise.all([
    db.selectFrom('catalogue_entries').select('use_levels').groupBy('use_levels').execute(),
    itemId ? db.selectFrom('divergence_requests').select('id').where('item_id', '=', itemId).where('field', '=', 'catalogCode').where('status', '<>', 'rejected').executeTakeFirst() : undefined,
  ]);
  return { governedLevels: [...new Set(levels.flatMap((r) => parseStored<string[]>(r.use_levels)))], divergenceRecorded: !!divergence };
}

/** Catalogue-level items of other units under the same 基本编码 (handling items carry their parent's code). */
function sameCodeElsewhere(db: Executor, item: RuleFactsOf, catalogCode: string | undefined) {
  if (item.granularity === 'handling' || !catalogCode) return Promise.resolve([]);
  return db.selectFrom('items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.name', 'u.name as unit_name', 'u.region_code'])
    .where('i.catalog_code', '=', catalogCode).where('i.unit_id', '<>', item.unitId).where('i.life_state', '<>', 'cancelled').where('i.granularity', '<>', 'handling')
    .orderBy('u.name').limit(5).execute();
}
