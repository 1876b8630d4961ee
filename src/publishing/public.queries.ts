import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { ItemContent } from '../domain/item-content.js';
import { parseStored } from '../shared/json.js';

/**
 * What the public sees: only published versions (AC-05), never drafts, internal notes or overrides.
 * Cancelled items are not served; suspended ones are, with their state. Visibility is a WHERE clause here,
 * and every public surface (portal, API, feeds, widget, export) reads through these queries.
 */
export type PublicContent = Omit<ItemContent, 'overrides'>;

export interface PublicItem {
  /** Internal id: never serialised to the public (the public key is `code`). */
  itemId: string;
  /** 实施编码, or 实施编码-业务办理项编码 for a 业务办理项: the item's public identifier. */
  code: string;
  taskCode: string;
  handlingCode: string;
  parentCode: string | null;
  name: string;
  type: string;
  granularity: string;
  lifeState: string;
  unit: { id: string; name: string; website: string | null };
  /** Version number (1, 2, …) of the published version. */
  version: number;
  publishedAt: string;
  contentHash: string;
  /**
   * The item's latest publication (add/change/suspend/resume), for "since" and the guide's date line; `note`
   * is what it said (publicationNote): for a suspension, the reason the guide page must show.
   */
  lastPublication: { seq: number; kind: string; at: string; note: string | null };
  content: PublicContent;
}

export interface PublicUnit {
  id: string;
  name: string;
  shortName: string | null;
  uscc: string;
  website: string | null;
  onlineSystemUrl: string | null;
  address: string | null;
  phone: string | null;
  /** Published, not cancelled items. */
  itemCount: number;
}

/**
 * The cache key of everything public: the highest publication sequence (every public change of an item
 * takes the next one) and the last change to a unit (names and websites appear on public pages).
 * One round trip over two indexed maxima and a small table, cheap enough to read on every request, so
 * several instances see a publication at once.
 */
export interface PublicationStamp {
  seq: number;
  /** When the latest publication happened (Last-Modified), ISO. */
  lastPublishedAt: string | null;
  unitsUpdatedAt: string | null;
  key: string;
}

export async function readStamp(db: Executor): Promise<PublicationStamp> {
  const { rows } = await sql<{
    seq: number | string | null;
    at: string | null;
    u: string | null;
    l: string | null;
  }>`select
    (select max(seq) from publications) as seq,
    (select max(published_at) from publications) as at,
    (select max(updated_at) from units) as u,
    (select max(updated_at) from legal_documents) as l`.execute(db);
  const row = rows[0];
  const seq = Number(row?.seq ?? 0);
  // A legal document's status shows on guides (repealed 设定依据 notice) without a publication: it keys the cache too.
  return {
    seq,
    lastPublishedAt: row?.at ?? null,
    unitsUpdatedAt: row?.u ?? null,
    key: `${seq}|${row?.u ?? ''}|${row?.l ?? ''}`,
  };
}

/**
 * The public version number of a published version: how many of the item's versions have been published up to it
 * (drafts, returned and withdrawn versions are internal, so a first publication is 第 1 版 whatever its draft count).
 */
export const publicVersionNumber = (
  eb: ExpressionBuilder<Database & { i: Database['items']; v: Database['item_versions'] }, 'i' | 'v'>,
) =>
  eb
    .selectFrom('item_versions as pv')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('pv.item_id', '=', 'i.id')
    .where('pv.published_at', 'is not', null)
    .whereRef('pv.seq', '<=', 'v.seq')
    .as('version');

export const itemCode = (taskCode: string, handlingCode: string) =>
  handlingCode ? `${taskCode}-${handlingCode}` : taskCode;

/**
 * Public items as the public sees them, with their latest publication, ordered by item id; only the given
 * items (a publication's, or a batch of a rebuild). Read by the publication that writes the read model
 * (public-documents.repository.ts), never by a request.
 */
export async function loadPublicItems(db: Executor, itemIds: readonly string[]): Promise<PublicItem[]> {
  if (!itemIds.length) return [];
  const latest = db
    .selectFrom('publications')
    .select(['item_id', (eb) => eb.fn.max<number>('seq').as('m')])
    .where('item_id', 'in', itemIds)
    .groupBy('item_id')
    .as('x');
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin(latest, 'x.item_id', 'i.id')
    .innerJoin('publications as p', 'p.seq', 'x.m')
    .leftJoin('items as parent', 'parent.id', 'i.parent_id')
    .select([
      'i.id',
      'i.task_code',
      'i.handling_code',
      'i.type',
      'i.granularity',
      'i.life_state',
      publicVersionNumber,
      'v.published_at',
      'v.content_hash',
      'v.content',
      'u.id as unit_id',
      'u.name as unit_name',
      'u.website',
      'p.seq as pub_seq',
      'p.kind as pub_kind',
      'p.published_at as pub_at',
      'p.ground as pub_ground',
      'p.summary as pub_summary',
      'parent.task_code as parent_task_code',
      'parent.handling_code as parent_handling_code',
    ])
    .where('i.id', 'in', itemIds)
    .where('i.life_state', '!=', 'cancelled')
    .orderBy('i.id')
    .execute();
  return rows.map((row) => {
    const { overrides: _internal, ...content } = parseStored<ItemContent>(row.content);
    return {
      itemId: row.id,
      code: itemCode(row.task_code, row.handling_code),
      taskCode: row.task_code,
      handlingCode: row.handling_code,
      parentCode: row.parent_task_code ? itemCode(row.parent_task_code, row.parent_handling_code ?? '') : null,
      name: content.name, // A published version always has a type (completeness blocks submission without one).
      type: content.type ?? row.type,
      granularity: row.granularity,
      lifeState: row.life_state,
      unit: { id: row.unit_id, name: row.unit_name, website: row.website },
      version: Number(row.version),
      publishedAt: row.published_at ?? '',
      contentHash: row.content_hash,
      lastPublication: {
        seq: Number(row.pub_seq),
        kind: row.pub_kind,
        at: row.pub_at,
        note: publicationNote(row.pub_ground, row.pub_summary) || null,
      },
      content,
    };
  });
}

/** Active units, by name, with when each last changed (their item counts come from the read model's counters). */
export async function loadPublicUnits(db: Executor): Promise<Array<PublicUnit & { updatedAt: string }>> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'short_name', 'uscc', 'website', 'online_system_url', 'address', 'phone', 'updated_at'])
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    shortName: u.short_name,
    uscc: u.uscc,
    website: u.website,
    onlineSystemUrl: u.online_system_url,
    address: u.address,
    phone: u.phone,
    itemCount: 0,
    updatedAt: u.updated_at,
  }));
}

/** A unit that no longer exists (merged away in a reorganisation, Art. 18(三)) and the active unit that now holds its items. */
export interface CeasedUnit {
  id: string;
  name: string;
  successor: { id: string; name: string; uscc: string } | null;
}

/**
 * The ceased unit an old link names (by id or USCC), following successors until an active unit (a unit merged
 * into one that was itself merged later); undefined when no inactive unit matches.
 */
export async function findCeasedUnit(db: Executor, ref: string): Promise<CeasedUnit | undefined> {
  const gone = await db
    .selectFrom('units')
    .select(['id', 'name', 'successor_unit_id'])
    .where('active', '=', 0)
    .where((eb) => eb.or([eb('id', '=', ref), eb('uscc', '=', ref)]))
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  if (!gone) return undefined;
  const seen = new Set([gone.id]);
  let next = gone.successor_unit_id;
  while (next && !seen.has(next)) {
    seen.add(next);
    const s = await db
      .selectFrom('units')
      .select(['id', 'name', 'uscc', 'active', 'successor_unit_id'])
      .where('id', '=', next)
      .executeTakeFirst();
    if (!s) break;
    if (s.active) return { id: gone.id, name: gone.name, successor: { id: s.id, name: s.name, uscc: s.uscc } };
    next = s.successor_unit_id;
  }
  return { id: gone.id, name: gone.name, successor: null };
}

/** One entry of the public adjustment log (最近调整, Art. 20). */
export interface PublicChange {
  seq: number;
  kind: string;
  code: string;
  name: string;
  unit: { id: string; name: string };
  ground: string | null;
  summary: string | null;
  contentHash: string;
  publishedAt: string;
  /** Still in the public catalogue (a cancelled item is not). */
  isPublic: boolean;
}

export interface ChangeFilter {
  /** Only publications after this sequence number (ascending order), else newest first. */
  since?: number;
  unitId?: string;
  kind?: string;
  offset?: number;
  limit: number;
  /** Skip the total (feeds show the latest entries only); `total` is then the number of rows returned. */
  noTotal?: boolean;
}

export async function listPublicChanges(
  db: Executor,
  f: ChangeFilter,
): Promise<{ rows: PublicChange[]; total: number }> {
  const base = db
    .selectFrom('publications as p')
    .innerJoin('items as i', 'i.id', 'p.item_id')
    .innerJoin('item_versions as v', 'v.id', 'p.version_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .$if(f.since !== undefined, (qb) => qb.where('p.seq', '>', f.since!))
    .$if(!!f.unitId, (qb) => qb.where('p.unit_id', '=', f.unitId!))
    .$if(!!f.kind, (qb) => qb.where('p.kind', '=', f.kind!));
  const [rows, count] = await Promise.all([
    base
      .select([
        'p.seq',
        'p.kind',
        'p.ground',
        'p.summary',
        'p.content_hash',
        'p.published_at',
        'i.task_code',
        'i.handling_code',
        'i.life_state',
        'v.content',
        'u.id as unit_id',
        'u.name as unit_name',
      ])
      .orderBy('p.seq', f.since !== undefined ? 'asc' : 'desc')
      .offset(f.offset ?? 0)
      .limit(f.limit)
      .execute(),
    // Counted on publications alone (every one has its item and version: foreign keys), without joining each
    // of them: a join per publication made this count the slowest query of a feed at 100,000 items.
    f.noTotal
      ? Promise.resolve(undefined)
      : db
          .selectFrom('publications as p')
          .$if(f.since !== undefined, (qb) => qb.where('p.seq', '>', f.since!))
          .$if(!!f.unitId, (qb) => qb.where('p.unit_id', '=', f.unitId!))
          .$if(!!f.kind, (qb) => qb.where('p.kind', '=', f.kind!))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
  ]);
  return {
    total: count ? Number(count.n) : rows.length,
    rows: rows.map((r) => ({
      seq: Number(r.seq),
      kind: r.kind,
      code: itemCode(r.task_code, r.handling_code),
      name: parseStored<ItemContent>(r.content).name,
      unit: { id: r.unit_id, name: r.unit_name },
      ground: r.ground,
      summary: r.summary,
      contentHash: r.content_hash,
      publishedAt: r.published_at,
      isPublic: r.life_state !== 'cancelled',
    })),
  };
}

/** Units that have at least one public change up to this sequence (the 最近调整 unit filter lists no empty choices). */
export async function unitsWithChanges(db: Executor, maxSeq: number): Promise<Set<string>> {
  const rows = await db.selectFrom('publications').select('unit_id').distinct().where('seq', '<=', maxSeq).execute();
  return new Set(rows.map((r) => r.unit_id));
}

/** What the public still learns about a cancelled item: when and why it went, and what replaced it (合并/拆分). */
/** A publication's summary without the ground it ends with (`publish.ts` appends "事由：…"; pages show the ground apart). */
export const publicationNote = (ground: string | null, summary: string | null): string =>
  ground ? (summary ?? '').replace(/；?事由：.*$/, '') : (summary ?? '');

export interface Tombstone {
  code: string;
  name: string;
  unit: { id: string; name: string };
  cancelledAt: string;
  seq: number;
  ground: string | null;
  summary: string | null;
  successors: Array<{ code: string; name: string }>;
}

export async function findTombstone(db: Executor, code: string): Promise<Tombstone | undefined> {
  const dash = code.indexOf('-');
  const [taskCode, handlingCode] = dash < 0 ? [code, ''] : [code.slice(0, dash), code.slice(dash + 1)];
  const row = await db
    .selectFrom('items as i')
    .innerJoin('publications as p', 'p.item_id', 'i.id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select([
      'i.id',
      'i.name',
      'p.seq',
      'p.ground',
      'p.summary',
      'p.published_at',
      'p.change_request_id',
      'u.id as unit_id',
      'u.name as unit_name',
    ])
    .where('i.task_code', '=', taskCode)
    .where('i.handling_code', '=', handlingCode)
    .where('i.life_state', '=', 'cancelled')
    .where('p.kind', '=', 'cancel')
    .orderBy('p.seq', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  // Only the request behind this cancellation: a 合并/拆分 names what replaced the item; a plain 取消 nothing.
  const successors = !row.change_request_id
    ? []
    : await db
        .selectFrom('change_request_items as s')
        .innerJoin('change_request_items as t', (j) =>
          j.onRef('t.change_request_id', '=', 's.change_request_id').on('t.role', '=', 'target'),
        )
        .innerJoin('items as n', 'n.id', 't.item_id')
        .select(['n.task_code', 'n.handling_code', 'n.name'])
        .where('s.change_request_id', '=', row.change_request_id)
        .where('s.item_id', '=', row.id)
        .where('s.role', '=', 'source')
        .where('n.published_version_id', 'is not', null)
        .where('n.life_state', '<>', 'cancelled')
        .orderBy('n.task_code')
        .orderBy('n.handling_code')
        .execute();
  return {
    code,
    name: row.name,
    unit: { id: row.unit_id, name: row.unit_name },
    cancelledAt: row.published_at,
    seq: Number(row.seq),
    ground: row.ground,
    summary: publicationNote(row.ground, row.summary) || null,
    successors: successors.map((n) => ({ code: itemCode(n.task_code, n.handling_code), name: n.name })),
  };
}
