import type { Executor } from '../db/database.js';
import type { CatalogueEntryRow } from '../catalogue/catalogue.table.js';

// What the demo seeder looks up between use cases to pick its examples (which obligation to answer, which item to
// leave idle…). Reads only: every change the seeder makes goes through a use case.

export function catalogueEntriesByCode(db: Executor): Promise<CatalogueEntryRow[]> {
  return db.selectFrom('catalogue_entries').selectAll().orderBy('catalog_code').execute();
}

/** The open obligation opened by a legal event whose item has the lowest 实施编码. */
export async function firstOpenLegalEventObligation(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('obligations as o')
    .innerJoin('items as i', 'i.id', 'o.item_id')
    .select('o.id')
    .where('o.status', '=', 'open')
    .where('o.source_type', '=', 'legal_event')
    .orderBy('i.task_code')
    .executeTakeFirst();
  return row?.id;
}

/** The 基本编码 of the unit's first published, active catalogue-level item (by 实施编码). */
export async function firstPublishedCodeOfUnit(db: Executor, unitId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('items')
    .select('catalog_code')
    .where('unit_id', '=', unitId)
    .where('published_version_id', 'is not', null)
    .where('life_state', '=', 'active')
    .where('granularity', '<>', 'handling')
    .orderBy('task_code')
    .executeTakeFirst();
  return row?.catalog_code;
}

/** In-force documents with how many units and items cite them among published items that are not cancelled. */
export function citationSpread(db: Executor) {
  return db
    .selectFrom('legal_citations as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .innerJoin('legal_documents as d', 'd.id', 'c.doc_id')
    .select((eb) => [
      'c.doc_id',
      eb.fn.count<number>('i.unit_id').distinct().as('units'),
      eb.fn.count<number>('c.item_id').distinct().as('items'),
    ])
    .where('d.status', '=', 'in_force')
    .where('i.published_version_id', 'is not', null)
    .where('i.life_state', '<>', 'cancelled')
    .groupBy('c.doc_id')
    .execute();
}

/** 基本编码 whose every item was cancelled. */
export async function codesOnlyCancelled(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('items')
    .select('catalog_code')
    .groupBy('catalog_code')
    .having((eb) => eb.fn.sum<number>(eb.case().when('life_state', '<>', 'cancelled').then(1).else(0).end()), '=', 0)
    .execute();
  return new Set(rows.map((r) => r.catalog_code));
}

/** Those of `ids` whose item has no working version. */
export async function withoutWorkingVersion(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('items')
    .select('id')
    .where('id', 'in', [...ids])
    .where('draft_version_id', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export function accountsOfUnit(db: Executor, unitId: string) {
  return db.selectFrom('users').select(['id', 'display_name', 'roles']).where('unit_id', '=', unitId).execute();
}

/** The unit's first `limit` published items (by name) without a working version. */
export function idleItemsOfUnit(db: Executor, unitId: string, limit: number) {
  return db
    .selectFrom('items')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('draft_version_id', 'is', null)
    .where('published_version_id', 'is not', null)
    .orderBy('name')
    .limit(limit)
    .execute();
}
