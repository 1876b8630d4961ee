import type { AppContext } from '../app/context.js';
import type { Db, Executor } from '../db/database.js';
import { sm3Hex } from '../crypto/sm.js';
import { canonicalJson } from '../shared/json.js';
import { itemCode, loadPublicItems, loadPublicUnits, readStamp, type PublicationStamp, type PublicItem, type PublicUnit } from './public.queries.js';

/**
 * The public catalogue as of one publication stamp, shared by the portal, the public API, the feeds, the
 * widget's JSON and the static export ("同源": one source, one snapshot). Built once per stamp per
 * instance: every request reads the stamp (one cheap query), and a stamp another instance moved forward
 * makes this instance rebuild at once, so there is no invalidation message to lose.
 */
export interface Catalogue {
  stamp: PublicationStamp;
  items: readonly PublicItem[];
  units: readonly PublicUnit[];
  byCode: ReadonlyMap<string, PublicItem>;
  byItemId: ReadonlyMap<string, PublicItem>;
  unitById: ReadonlyMap<string, PublicUnit>;
  /** The manifest of a scope (one unit, or all units when null); memoised. */
  manifest(unitId: string | null): Manifest;
}

/**
 * What a channel showing a scope should show, reduced to one hash: the sorted list of (code, content hash,
 * state) of every public item in the scope. Channels report this hash with the sequence they show; a
 * different hash for a sequence they are current on is drift.
 */
export interface Manifest {
  unitId: string | null;
  seq: number;
  hash: string;
  count: number;
  entries: Array<{ code: string; contentHash: string; lifeState: string }>;
}

export type ManifestEntry = Manifest['entries'][number];

/** The manifest of a scope from its entries (any order): the one definition of the catalogue hash. */
export function manifestOf(unitId: string | null, seq: number, entries: ManifestEntry[]): Manifest {
  const sorted = entries.map((e) => ({ code: e.code, contentHash: e.contentHash, lifeState: e.lifeState })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { unitId, seq, hash: sm3Hex(canonicalJson(sorted)), count: sorted.length, entries: sorted };
}

/** The manifest of a scope read directly (inside a publication's transaction, where no snapshot exists yet). */
export async function readManifest(db: Executor, unitId: string | null, seq: number): Promise<Manifest> {
  const rows = await db.selectFrom('items as i').innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.task_code', 'i.handling_code', 'i.life_state', 'v.content_hash'])
    .where('i.life_state', '!=', 'cancelled')
    .$if(!!unitId, (qb) => qb.where('i.unit_id', '=', unitId!))
    .execute();
  return manifestOf(unitId, seq, rows.map((r) => ({ code: itemCode(r.task_code, r.handling_code), contentHash: r.content_hash, lifeState: r.life_state })));
}

interface CacheState {
  key: string;
  building: Promise<Catalogue>;
}

// Keyed by the database handle: each app instance (and each test context) has its own cache.
const caches = new WeakMap<Db, CacheState>();

/** The catalogue as of the current publication stamp. */
export async function publicCatalogue(app: AppContext): Promise<Catalogue> {
  const stamp = await readStamp(app.db.kysely);
  return catalogueFor(app, stamp);
}

/** The catalogue for a stamp the caller has just read (one stamp read per request). */
export function catalogueFor(app: AppContext, stamp: PublicationStamp): Promise<Catalogue> {
  const current = caches.get(app.db);
  if (current?.key === stamp.key) return current.building;
  const building = buildCatalogue(app.db);
  const state: CacheState = { key: stamp.key, building };
  caches.set(app.db, state);
  // A failed build must not stay cached.
  building.catch(() => {
    if (caches.get(app.db) === state) caches.delete(app.db);
  });
  return building;
}

/** Items, units and the stamp read in one snapshot (repeatable read), so the stamp describes the data. */
async function buildCatalogue(db: Db): Promise<Catalogue> {
  let tx = db.kysely.transaction();
  if (db.dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  const { stamp, items, units } = await tx.execute(async (trx) => {
    const stamp = await readStamp(trx);
    const items = await loadPublicItems(trx);
    const units = await loadPublicUnits(trx, items);
    return { stamp, items, units };
  });
  const manifests = new Map<string, Manifest>();
  return {
    stamp,
    items,
    units,
    byCode: new Map(items.map((i) => [i.code, i])),
    byItemId: new Map(items.map((i) => [i.itemId, i])),
    unitById: new Map(units.map((u) => [u.id, u])),
    manifest(unitId) {
      const key = unitId ?? '*';
      let m = manifests.get(key);
      if (!m) {
        const entries = items.filter((i) => !unitId || i.unit.id === unitId).map((i) => ({ code: i.code, contentHash: i.contentHash, lifeState: i.lifeState }));
        m = manifestOf(unitId, stamp.seq, entries);
        manifests.set(key, m);
      }
      return m;
    },
  };
}

/** 个人 (natural persons) or 法人 (every other service object), from the item's 服务对象. */
export type Audience = 'person' | 'corporate';
export const AUDIENCES: Record<Audience, string> = { person: '个人办事', corporate: '法人办事' };

export function servesAudience(item: PublicItem, audience: Audience): boolean {
  const objects = item.content.serviceObjects ?? [];
  return audience === 'person' ? objects.includes('1') : objects.some((o) => o !== '1');
}

/** Life-event themes (面向自然人/法人主题) of an item for an audience. */
export function themesOf(item: PublicItem, audience: Audience): readonly string[] {
  return (audience === 'person' ? item.content.ext?.personThemes : item.content.ext?.corporateThemes) ?? [];
}

export interface ItemFilter {
  /** Unit id or 统一社会信用代码. */
  unit?: string;
  type?: string;
  audience?: Audience;
  theme?: string;
}

/** The unit a filter names (by id or USCC), or undefined. */
export function findUnit(cat: Catalogue, unit: string | undefined): PublicUnit | undefined {
  if (!unit) return undefined;
  return cat.unitById.get(unit) ?? cat.units.find((u) => u.uscc === unit);
}

/** Items matching the filter; an unknown unit matches nothing. */
export function filterItems(cat: Catalogue, f: ItemFilter): PublicItem[] {
  const unitId = f.unit ? (findUnit(cat, f.unit)?.id ?? '\0none') : undefined;
  return cat.items.filter((i) =>
    (!unitId || i.unit.id === unitId)
    && (!f.type || i.type === f.type)
    && (!f.audience || servesAudience(i, f.audience))
    && (!f.theme || (f.audience ? themesOf(i, f.audience).includes(f.theme) : [...themesOf(i, 'person'), ...themesOf(i, 'corporate')].includes(f.theme))));
}

/** Themes in use for an audience, with item counts, most used first. */
export function themeCounts(cat: Catalogue, audience: Audience): Array<{ theme: string; count: number }> {
  const counts = new Map<string, number>();
  for (const i of cat.items) if (servesAudience(i, audience)) for (const t of themesOf(i, audience)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([theme, count]) => ({ theme, count })).sort((a, b) => b.count - a.count || (a.theme < b.theme ? -1 : 1));
}
