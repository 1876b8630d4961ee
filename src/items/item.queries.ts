import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import type { ItemContent } from '../domain/item-content.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { diffContent, type Change } from './diff.js';
import { findingsFor, type FindingsResult } from './findings.js';
import * as repo from './item.repository.js';
import type { ItemRow, ItemVersionRow } from './item.table.js';
import { toCheckable } from './item.service.js';

export interface ItemDetail {
  item: ItemRow & { unit_name: string };
  /** The version the unit works on, or the published one when there is no working version. */
  current: ItemVersionRow;
  content: ItemContent;
  published: ItemVersionRow | null;
  findings: FindingsResult;
}

export async function loadItem(uc: UseCaseContext, id: string): Promise<ItemRow> {
  authorize(uc.actor, 'item.read');
  const item = await repo.findItem(uc.app.db.kysely, unitScope(uc.actor), id);
  if (!item) throw errors.notFound('事项');
  return item;
}

export async function getItemDetail(uc: UseCaseContext, id: string): Promise<ItemDetail> {
  const item = await loadItem(uc, id);
  const db = uc.app.db.kysely;
  const [unit, working, published] = await Promise.all([
    db.selectFrom('units').select('name').where('id', '=', item.unit_id).executeTakeFirstOrThrow(),
    item.draft_version_id ? repo.findVersion(db, item.draft_version_id) : undefined,
    item.published_version_id ? repo.findVersion(db, item.published_version_id) : undefined,
  ]);
  // An item that only existed in a withdrawn 新增/合并/拆分 request has neither: its last version still shows what it was.
  const current = working ?? published ?? (await repo.listVersions(db, id))[0];
  if (!current) throw new Error(`item ${id} has no version`);
  const content = parseStored<ItemContent>(current.content);
  const findings = await findingsFor(db, uc.app.config, toCheckable(item), content);
  return { item: { ...item, unit_name: unit.name }, current, content, published: published ?? null, findings };
}

export async function listItems(uc: UseCaseContext, filter: repo.ItemListFilter) {
  authorize(uc.actor, 'item.read');
  return repo.listItems(uc.app.db.kysely, unitScope(uc.actor), filter);
}

export async function itemHistory(uc: UseCaseContext, id: string): Promise<ItemVersionRow[]> {
  await loadItem(uc, id);
  return repo.listVersions(uc.app.db.kysely, id);
}

/** Field-level diff between two versions of the same item (`to` defaults to the newest). */
export async function compareVersions(
  uc: UseCaseContext,
  id: string,
  fromSeq: number,
  toSeq?: number,
): Promise<{ from: ItemVersionRow; to: ItemVersionRow; changes: Change[] }> {
  const versions = await itemHistory(uc, id);
  const from = versions.find((v) => v.seq === fromSeq);
  const to = toSeq === undefined ? versions[0] : versions.find((v) => v.seq === toSeq);
  if (!from || !to) throw errors.notFound('版本');
  return { from, to, changes: diffContent(parseStored(from.content), parseStored(to.content)) };
}

/** Display names of accounts by id (who edited, submitted, verified, published), in one query. */
export async function displayNames(
  db: UseCaseContext['app']['db']['kysely'],
  ids: ReadonlyArray<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Possible parents for a new item of the actor's own unit (none for actors without one: the list would be the whole catalogue). */
export async function parentChoices(uc: UseCaseContext) {
  authorize(uc.actor, 'item.create');
  const scope = unitScope(uc.actor);
  // A unit has tens to hundreds of 主项/子项; the cap keeps a pathological one from bloating every entry page.
  return scope.kind === 'unit' ? repo.parentCandidates(uc.app.db.kysely, scope.unitId, 2000) : [];
}

/** The content of the item's published version (within the actor's unit scope), or null when it has none. */
export async function publishedContent(uc: UseCaseContext, id: string): Promise<ItemContent | null> {
  const item = await loadItem(uc, id);
  const version = item.published_version_id
    ? await repo.findVersion(uc.app.db.kysely, item.published_version_id)
    : undefined;
  return version ? parseStored<ItemContent>(version.content) : null;
}

/** Which of `codes` the actor's unit has already claimed (an item not cancelled); empty outside a unit. */
export async function claimedCatalogCodes(uc: UseCaseContext, codes: readonly string[]): Promise<Set<string>> {
  const scope = unitScope(uc.actor);
  if (scope.kind !== 'unit' || !codes.length) return new Set();
  const rows = await uc.app.db.kysely
    .selectFrom('items')
    .select('catalog_code')
    .where('unit_id', '=', scope.unitId)
    .where('life_state', '<>', 'cancelled')
    .where('catalog_code', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.catalog_code));
}
