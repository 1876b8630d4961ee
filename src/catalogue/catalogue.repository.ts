import type { Executor } from '../db/database.js';
import type { CatalogueEntryRow, NewCatalogueEntryRow } from './catalogue.table.js';
import { containsText } from '../db/like.js';

/** `claim_count`: items implementing the entry (claimed or self-entered), cancelled ones not counted. */
export type CatalogueListRow = CatalogueEntryRow & { claim_count: number };

export async function listEntries(db: Executor, f: { q?: string; type?: string; offset: number; limit: number }): Promise<{ rows: CatalogueListRow[]; total: number }> {
  const base = db
    .selectFrom('catalogue_entries')
    .$if(!!f.q, (qb) => qb.where((eb) => eb.or([containsText('name', f.q!), eb('catalog_code', '=', f.q!)])))
    .$if(!!f.type, (qb) => qb.where('type', '=', f.type!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('catalogue_entries')
      .select((eb) => eb.selectFrom('items').select((e) => e.fn.countAll<number>().as('n')).whereRef('items.catalog_code', '=', 'catalogue_entries.catalog_code').where('items.life_state', '<>', 'cancelled').as('claim_count'))
      .orderBy('catalog_code')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as CatalogueListRow[], total: Number(count.n) };
}

export async function findEntry(db: Executor, code: string): Promise<CatalogueEntryRow | undefined> {
  return db.selectFrom('catalogue_entries').selectAll().where('catalog_code', '=', code).executeTakeFirst();
}

export async function upsertEntry(db: Executor, row: NewCatalogueEntryRow): Promise<void> {
  const { catalog_code: _code, ...rest } = row;
  await db.insertInto('catalogue_entries').values(row).onConflict((oc) => oc.column('catalog_code').doUpdateSet(rest)).execute();
}
