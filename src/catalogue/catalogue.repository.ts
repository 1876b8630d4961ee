import type { NotNull } from 'kysely';
import type { Executor } from '../db/database.js';
import type { ItemType } from '../domain/enums.js';
import type {
  CatalogueEntryRow,
  CatalogueReviewRow,
  CatalogueVersionEntryRow,
  CatalogueVersionRow,
  DivergenceRequestRow,
  NewCatalogueEntryRow,
} from './catalogue.table.js';
import { containsText } from '../db/like.js';
import type { ObligationStatus } from '../obligations/obligation.enums.js';

/** `claim_count`: items implementing the entry (claimed or self-entered), cancelled ones not counted. */
export type CatalogueListRow = CatalogueEntryRow & { claim_count: number };

export async function listEntries(
  db: Executor,
  f: { q?: string; type?: ItemType; offset: number; limit: number },
): Promise<{ rows: CatalogueListRow[]; total: number }> {
  const base = db
    .selectFrom('catalogue_entries')
    .$if(!!f.q, (qb) => qb.where((eb) => eb.or([containsText('name', f.q!), eb('catalog_code', '=', f.q!)])))
    .$if(!!f.type, (qb) => qb.where('type', '=', f.type!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('catalogue_entries')
      .select((eb) =>
        eb
          .selectFrom('items')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('items.catalog_code', '=', 'catalogue_entries.catalog_code')
          .where('items.life_state', '<>', 'cancelled')
          .as('claim_count'),
      )
      // A count is never null; Kysely types every scalar subquery as nullable.
      .$narrowType<{ claim_count: NotNull }>()
      .orderBy('catalog_code')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findEntry(db: Executor, code: string): Promise<CatalogueEntryRow | undefined> {
  return db.selectFrom('catalogue_entries').selectAll().where('catalog_code', '=', code).executeTakeFirst();
}

export async function upsertEntry(db: Executor, row: NewCatalogueEntryRow): Promise<void> {
  const { catalog_code: _code, ...rest } = row;
  await db
    .insertInto('catalogue_entries')
    .values(row)
    .onConflict((oc) => oc.column('catalog_code').doUpdateSet(rest))
    .execute();
}

// ── Imported versions (catalogue-version.service.ts) ────────────────────────────────────────────────────────

export function allEntries(db: Executor): Promise<CatalogueEntryRow[]> {
  return db.selectFrom('catalogue_entries').selectAll().execute();
}

export async function lastVersionSeq(db: Executor): Promise<number> {
  const last = await db
    .selectFrom('catalogue_versions')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .executeTakeFirst();
  return Number(last?.m ?? 0);
}

/** A version's row and its snapshot of entries (inserted 200 rows a statement). */
export async function insertVersion(
  db: Executor,
  version: CatalogueVersionRow,
  snapshot: readonly CatalogueVersionEntryRow[],
): Promise<void> {
  await db.insertInto('catalogue_versions').values(version).execute();
  for (let i = 0; i < snapshot.length; i += 200)
    await db
      .insertInto('catalogue_version_entries')
      .values(snapshot.slice(i, i + 200))
      .execute();
}

/** An entry missing from a newer version is kept, cancelled, with its entry version bumped. */
export async function cancelEntry(
  db: Executor,
  entry: Pick<CatalogueEntryRow, 'catalog_code' | 'entry_version'>,
  versionId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('catalogue_entries')
    .set({ status: 'cancelled', entry_version: entry.entry_version + 1, version_id: versionId, updated_at: now })
    .where('catalog_code', '=', entry.catalog_code)
    .execute();
}

export async function setVersionSummary(db: Executor, versionId: string, summary: string): Promise<void> {
  await db.updateTable('catalogue_versions').set({ summary }).where('id', '=', versionId).execute();
}

export function listVersions(db: Executor): Promise<CatalogueVersionRow[]> {
  return db.selectFrom('catalogue_versions').selectAll().orderBy('seq', 'desc').execute();
}

export function findVersion(db: Executor, id: string): Promise<CatalogueVersionRow | undefined> {
  return db.selectFrom('catalogue_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The version imported just before the one with sequence `seq`. */
export function versionBefore(db: Executor, seq: number): Promise<CatalogueVersionRow | undefined> {
  return db
    .selectFrom('catalogue_versions')
    .selectAll()
    .where('seq', '<', seq)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

export function versionEntries(db: Executor, versionId: string, ordered = false): Promise<CatalogueVersionEntryRow[]> {
  return db
    .selectFrom('catalogue_version_entries')
    .selectAll()
    .where('version_id', '=', versionId)
    .$if(ordered, (qb) => qb.orderBy('catalog_code'))
    .execute();
}

/** Items (not cancelled) carrying one of `codes` as 基本编码, 500 codes a query. */
export async function activeItemIdsWithCodes(db: Executor, codes: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom('items')
      .select('id')
      .where('catalog_code', 'in', codes.slice(i, i + 500))
      .where('life_state', '<>', 'cancelled')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Claimed catalogue-level items (not cancelled) of the entries `codes`, 500 codes a query. */
export async function claimedItemsWithCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Array<{ id: string; unit_id: string; catalog_code: string; name: string }>> {
  const items: Array<{ id: string; unit_id: string; catalog_code: string; name: string }> = [];
  for (let i = 0; i < codes.length; i += 500) {
    items.push(
      ...(await db
        .selectFrom('items')
        .select(['id', 'unit_id', 'catalog_code', 'name'])
        .where('origin', '=', 'claimed')
        .where('life_state', '<>', 'cancelled')
        .where('granularity', '<>', 'handling')
        .where('catalog_code', 'in', codes.slice(i, i + 500))
        .orderBy('id')
        .execute()),
    );
  }
  return items;
}

/** Obligations of reviews (需复核) of these items that nobody has acted on yet (open or awaiting no-change approval). */
export async function unactedReviewObligations(db: Executor, itemIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < itemIds.length; i += 500) {
    const rows = await db
      .selectFrom('catalogue_reviews as r')
      .innerJoin('obligations as o', 'o.id', 'r.obligation_id')
      .select('o.id')
      .where('r.item_id', 'in', itemIds.slice(i, i + 500))
      .where('o.status', 'in', ['open', 'no_change_pending'])
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function insertReviews(db: Executor, rows: readonly CatalogueReviewRow[]): Promise<void> {
  await db
    .insertInto('catalogue_reviews')
    .values([...rows])
    .execute();
}

// ── Claims, take-over and divergences ───────────────────────────────────────────────────────────────────────

/** The unit's 主项 item (not cancelled) with 基本编码 `catalogCode`. */
export async function mainItemWithCode(db: Executor, unitId: string, catalogCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('items')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('catalog_code', '=', catalogCode)
    .where('granularity', '=', 'main')
    .where('life_state', '<>', 'cancelled')
    .executeTakeFirst();
  return row?.id;
}

/** The item's latest review whose obligation has one of `statuses`, with the obligation's columns and the version's label. */
export function latestReviewOf(db: Executor, itemId: string, statuses: readonly ObligationStatus[]) {
  return db
    .selectFrom('catalogue_reviews as r')
    .innerJoin('obligations as o', 'o.id', 'r.obligation_id')
    .innerJoin('catalogue_versions as v', 'v.id', 'r.version_id')
    .selectAll('o')
    .select(['r.id as review_id', 'r.version_id', 'r.fields', 'v.label as version_label'])
    .where('r.item_id', '=', itemId)
    .where('o.status', 'in', [...statuses])
    .orderBy('r.created_at', 'desc')
    .executeTakeFirst();
}

/** An entry with the label and effective date of the version that last wrote it. */
export function entryWithVersion(db: Executor, code: string) {
  return db
    .selectFrom('catalogue_entries as e')
    .leftJoin('catalogue_versions as v', 'v.id', 'e.version_id')
    .selectAll('e')
    .select(['v.label as version_label', 'v.effective_on'])
    .where('e.catalog_code', '=', code)
    .executeTakeFirst();
}

export async function insertDivergence(db: Executor, row: DivergenceRequestRow): Promise<void> {
  await db.insertInto('divergence_requests').values(row).execute();
}

export function findDivergence(db: Executor, id: string): Promise<DivergenceRequestRow | undefined> {
  return db.selectFrom('divergence_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answerDivergence(
  db: Executor,
  id: string,
  patch: Pick<DivergenceRequestRow, 'status' | 'answer' | 'answered_at' | 'answered_by'>,
): Promise<void> {
  await db.updateTable('divergence_requests').set(patch).where('id', '=', id).execute();
}

/** Divergence requests, newest first, of one unit (or all), with the item's and unit's names. */
export function listDivergences(
  db: Executor,
  unitId: string | undefined,
): Promise<Array<DivergenceRequestRow & { item_name: string; unit_name: string }>> {
  return db
    .selectFrom('divergence_requests as d')
    .innerJoin('items as i', 'i.id', 'd.item_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .selectAll('d')
    .select(['i.name as item_name', 'u.name as unit_name'])
    .$if(unitId !== undefined, (qb) => qb.where('d.unit_id', '=', unitId!))
    .orderBy('d.created_at', 'desc')
    .execute();
}
