import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Dialect, Executor, Trx } from '../db/database.js';
import type { AuditLogRow, NewAuditLogRow } from './audit.table.js';

/** Serialises chain appends across connections and app instances (PostgreSQL); SQLite has one writer. */
export async function lockChain(trx: Trx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(72682026)`.execute(trx);
}

export async function lastRecord(trx: Executor): Promise<Pick<AuditLogRow, 'seq' | 'mac'> | undefined> {
  return trx.selectFrom('audit_log').select(['seq', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** The newest record and the number of records: what a checkpoint signs. */
export async function chainHead(db: Executor): Promise<{ seq: number; mac: string; count: number } | undefined> {
  const last = await lastRecord(db);
  if (!last) return undefined;
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', '<=', last.seq)
    .executeTakeFirstOrThrow();
  return { seq: Number(last.seq), mac: last.mac, count: Number(row.n) };
}

export async function insertRecord(trx: Trx, row: NewAuditLogRow): Promise<void> {
  await trx.insertInto('audit_log').values(row).execute();
}

/** Many records in multi-row inserts (kept under both engines' limit on bound parameters). */
export async function insertRecords(trx: Trx, rows: readonly NewAuditLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Streams the chain in seq order, in pages, for verification and export. */
export async function* readChain(db: Executor, pageSize = 2000): AsyncGenerator<AuditLogRow> {
  let after = -1;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actorId?: string;
  /** Records of any of these account ids or with this actor name (e.g. the username typed at a failed login). */
  actor?: { ids: string[]; name: string };
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: string;
  limit: number;
  beforeSeq?: number;
}

export async function searchRecords(db: Executor, q: AuditQuery): Promise<AuditLogRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .$call(matching(q))
    .$if(q.beforeSeq !== undefined, (qb) => qb.where('seq', '<', q.beforeSeq!))
    .orderBy('seq', 'desc')
    .limit(q.limit)
    .execute();
}

/** How many records match (paging and `beforeSeq` ignored), e.g. for the count in an export's own audit record. */
export async function countRecords(db: Executor, q: Omit<AuditQuery, 'limit' | 'beforeSeq'>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$call(matching(q))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The filter of an audit query as WHERE clauses (shared by search and count). */
function matching(q: Omit<AuditQuery, 'limit' | 'beforeSeq'>) {
  return <QB extends SelectQueryBuilder<Database, 'audit_log', any>>(qb: QB): QB =>
    qb
      .$if(!!q.from, (qb) => qb.where('ts', '>=', q.from!))
      .$if(!!q.to, (qb) => qb.where('ts', '<=', q.to!))
      .$if(!!q.actorId, (qb) => qb.where('actor_id', '=', q.actorId!))
      .$if(!!q.action, (qb) => qb.where('action', '=', q.action!))
      .$if(!!q.targetType, (qb) => qb.where('target_type', '=', q.targetType!))
      .$if(!!q.targetId, (qb) => qb.where('target_id', '=', q.targetId!))
      .$if(!!q.result, (qb) => qb.where('result', '=', q.result!))
      .$if(!!q.actor, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('actor_name', '=', q.actor!.name),
            ...(q.actor!.ids.length ? [eb('actor_id', 'in', q.actor!.ids)] : []),
          ]),
        ),
      ) as QB;
}

/**
 * Names of the objects records point at, for the kinds whose name is not personal data (items, units,
 * documents, channels): keyed `type:id`. One query per kind present.
 */
export async function targetNames(
  db: Executor,
  targets: ReadonlyArray<{ type: string | null; id: string | null }>,
): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(targets.filter((t) => t.type === type && t.id).map((t) => t.id!))];
  const names = new Map<string, string>();
  const put = (type: string, rows: Array<{ id: string; name: string }>) =>
    rows.forEach((r) => names.set(`${type}:${r.id}`, r.name));
  const items = ids('item');
  if (items.length) put('item', await db.selectFrom('items').select(['id', 'name']).where('id', 'in', items).execute());
  const units = ids('unit');
  if (units.length) put('unit', await db.selectFrom('units').select(['id', 'name']).where('id', 'in', units).execute());
  const docs = ids('legal_document');
  if (docs.length)
    put(
      'legal_document',
      await db.selectFrom('legal_documents').select(['id', 'title as name']).where('id', 'in', docs).execute(),
    );
  const channels = ids('channel');
  if (channels.length)
    put('channel', await db.selectFrom('channels').select(['id', 'name']).where('id', 'in', channels).execute());
  return names;
}
