import type { AppContext } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { sm3Hex } from '../crypto/sm.js';
import { canonicalJson } from '../shared/json.js';
import { currentStamp } from './publication-clock.js';
import { manifestRows, readCounts } from './public-documents.queries.js';
import { loadPublicUnits, type PublicationStamp, type PublicItem, type PublicUnit } from './public.queries.js';

/**
 * What every public surface (portal, public API, feeds, widget, export) shares about the catalogue as of
 * one publication stamp: the units, the counters of the home page and filters, and the manifests. It is
 * small (no items: those are read by key from the read model, public-documents.queries.ts) and rebuilt per
 * instance when the stamp moves, from the maintained counters, so its cost does not grow with the catalogue.
 */
export interface Catalogue {
  stamp: PublicationStamp;
  /** Active units, by name, with their count of public items. */
  units: readonly PublicUnit[];
  unitById: ReadonlyMap<string, PublicUnit>;
  /** Each unit's updated_at: a document written before it shows an older unit and is re-rendered on read. */
  unitUpdatedAt: ReadonlyMap<string, string>;
  total: number;
  typeCounts: ReadonlyMap<string, number>;
  themeCounts: Readonly<Record<Audience, ReadonlyArray<{ theme: string; count: number }>>>;
  /** The manifest of a scope (one unit, or all units when null); memoised per stamp. */
  manifest(unitId: string | null): Promise<Manifest>;
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
  const sorted = entries
    .map((e) => ({ code: e.code, contentHash: e.contentHash, lifeState: e.lifeState }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { unitId, seq, hash: sm3Hex(canonicalJson(sorted)), count: sorted.length, entries: sorted };
}

/** The manifest of a scope read directly (inside a publication's transaction, after its documents were written). */
export async function readManifest(db: Executor, unitId: string | null, seq: number): Promise<Manifest> {
  return manifestOf(unitId, seq, await manifestRows(db, unitId));
}

interface CacheState {
  key: string;
  building: Promise<Catalogue>;
}

// Keyed by the database handle: each app instance (and each test context) has its own cache.
const caches = new WeakMap<AppContext['db'], CacheState>();

/** The catalogue as of the current publication stamp. */
export async function publicCatalogue(app: AppContext): Promise<Catalogue> {
  return catalogueFor(app, await currentStamp(app.db));
}

/** The catalogue for a stamp the caller has just read (one stamp per request). */
export function catalogueFor(app: AppContext, stamp: PublicationStamp): Promise<Catalogue> {
  const current = caches.get(app.db);
  if (current?.key === stamp.key) return current.building;
  const building = buildCatalogue(app.db.kysely, stamp);
  const state: CacheState = { key: stamp.key, building };
  caches.set(app.db, state);
  // A failed build must not stay cached.
  building.catch(() => {
    if (caches.get(app.db) === state) caches.delete(app.db);
  });
  return building;
}

async function buildCatalogue(db: Executor, stamp: PublicationStamp): Promise<Catalogue> {
  const [counts, units] = await Promise.all([readCounts(db), loadPublicUnits(db)]);
  const byDim = (dim: string) => new Map(counts.filter((c) => c.dim === dim).map((c) => [c.key, c.n]));
  const perUnit = byDim('unit');
  const withCounts = units.map(({ updatedAt: _u, ...u }) => ({ ...u, itemCount: perUnit.get(u.id) ?? 0 }));
  const themes = (a: Audience) =>
    [...byDim(`theme:${a}`)]
      .map(([theme, count]) => ({ theme, count }))
      .sort((x, y) => y.count - x.count || (x.theme < y.theme ? -1 : 1));
  const manifests = new Map<string, Promise<Manifest>>();
  return {
    stamp,
    units: withCounts,
    unitById: new Map(withCounts.map((u) => [u.id, u])),
    unitUpdatedAt: new Map(units.map((u) => [u.id, u.updatedAt])),
    total: byDim('all').get('') ?? 0,
    typeCounts: byDim('type'),
    themeCounts: { person: themes('person'), corporate: themes('corporate') },
    manifest(unitId) {
      const key = unitId ?? '*';
      let m = manifests.get(key);
      if (!m) {
        m = readManifest(db, unitId, stamp.seq);
        manifests.set(key, m);
        m.catch(() => manifests.delete(key));
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
/** A unit id no unit has (ids are UUIDs): an unknown unit filter matches nothing. No NUL: PostgreSQL cannot hold one. */
export const NO_UNIT = 'unknown-unit';

export function findUnit(cat: Catalogue, unit: string | undefined): PublicUnit | undefined {
  if (!unit) return undefined;
  return cat.unitById.get(unit) ?? cat.units.find((u) => u.uscc === unit);
}

/** Items of a snapshot matching the filter (the static export, which holds its items); an unknown unit matches nothing. */
export function filterItems(cat: Catalogue, items: readonly PublicItem[], f: ItemFilter): PublicItem[] {
  const unitId = f.unit ? (findUnit(cat, f.unit)?.id ?? NO_UNIT) : undefined;
  return items.filter(
    (i) =>
      (!unitId || i.unit.id === unitId) &&
      (!f.type || i.type === f.type) &&
      (!f.audience || servesAudience(i, f.audience)) &&
      (!f.theme ||
        (f.audience
          ? themesOf(i, f.audience).includes(f.theme)
          : [...themesOf(i, 'person'), ...themesOf(i, 'corporate')].includes(f.theme))),
  );
}

/** Themes in use for an audience, with item counts, most used first. */
export function themeCounts(cat: Catalogue, audience: Audience): ReadonlyArray<{ theme: string; count: number }> {
  return cat.themeCounts[audience];
}
