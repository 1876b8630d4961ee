import type { Executor } from '../db/database.js';
import { parseStored } from '../shared/json.js';

/** The keys of a batch of items whose rule facts are wanted. */
export interface RuleFactKeys {
  unitIds: readonly string[];
  itemIds: readonly string[];
  catalogCodes: readonly string[];
  parentIds: readonly string[];
}

/**
 * The facts the rules engine reads from the database for a batch of items (a bulk import checks hundreds at a
 * time), each fetched once for all of them: the units, how many children each item has, the base-catalogue
 * entries of their 基本编码, the 行使层级 the loaded catalogue governs, recorded 基本编码 divergences, catalogue-level
 * items under the same 基本编码 (handling items carry their parent's code), and the parents' codes.
 */
export async function ruleFactsMany(db: Executor, keys: RuleFactKeys) {
  const { unitIds, itemIds, catalogCodes, parentIds } = keys;
  const [units, children, entries, levels, divergences, elsewhere, parents] = await Promise.all([
    ifAny(unitIds, () =>
      db
        .selectFrom('units')
        .select(['id', 'uscc', 'name', 'nature', 'region_code'])
        .where('id', 'in', [...unitIds])
        .execute(),
    ),
    ifAny(itemIds, () =>
      db
        .selectFrom('items')
        .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
        .where('parent_id', 'in', [...itemIds])
        .groupBy('parent_id')
        .execute(),
    ),
    ifAny(catalogCodes, () =>
      db
        .selectFrom('catalogue_entries')
        .selectAll()
        .where('catalog_code', 'in', [...catalogCodes])
        .execute(),
    ),
    db.selectFrom('catalogue_entries').select('use_levels').groupBy('use_levels').execute(),
    ifAny(itemIds, () =>
      db
        .selectFrom('divergence_requests')
        .select('item_id')
        .where('item_id', 'in', [...itemIds])
        .where('field', '=', 'catalogCode')
        .where('status', '<>', 'rejected')
        .execute(),
    ),
    ifAny(catalogCodes, () =>
      db
        .selectFrom('items as i')
        .innerJoin('units as u', 'u.id', 'i.unit_id')
        .select(['i.id', 'i.catalog_code', 'i.unit_id', 'i.name', 'u.name as unit_name', 'u.region_code'])
        .where('i.catalog_code', 'in', [...catalogCodes])
        .where('i.life_state', '<>', 'cancelled')
        .where('i.granularity', '<>', 'handling')
        .execute(),
    ),
    ifAny(parentIds, () =>
      db
        .selectFrom('items')
        .select(['id', 'task_code', 'catalog_code'])
        .where('id', 'in', [...parentIds])
        .execute(),
    ),
  ]);
  return {
    units,
    children,
    entries,
    governedLevels: [...new Set(levels.flatMap((r) => parseStored<string[]>(r.use_levels)))],
    diverging: new Set(divergences.map((d) => d.item_id)),
    elsewhere,
    parents,
  };
}

/** The rows of `query`, or none without asking when there is nothing to look up. */
const ifAny = async <T>(keys: readonly unknown[], query: () => Promise<T[]>): Promise<T[]> =>
  keys.length ? query() : [];
