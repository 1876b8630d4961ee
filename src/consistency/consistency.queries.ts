import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Citation } from '../domain/item-content.js';
import { ITEM_TYPES, label } from '../domain/enums.js';
import { citationText } from '../legal/basis-key.js';
import { parseStored } from '../shared/json.js';

/**
 * The Art. 8 consistency report: across every unit and region in the database, and against the base
 * catalogue, the same item must keep the same name, 基本编码, type and 设定依据. Catalogue-level items only
 * (主项、子项; 业务办理项 carry their parent's code and their own names), not cancelled.
 *
 * Every check is one set-based query (GROUP BY or a join on indexed columns; 设定依据 compared through the
 * `item_basis` fingerprint), so the report runs over a province-sized catalogue without per-item work
 * (bench/consistency.ts, docs/consistency.md).
 */
export const FINDING_KINDS = {
  name_mismatch: '名称与基本目录不一致',
  type_mismatch: '类型与基本目录不一致',
  basis_mismatch: '设定依据与基本目录不一致',
  entry_cancelled: '基本目录已取消该条目',
  no_base_entry: '基本目录中无此编码',
  name_conflict: '同一编码名称不一致',
  type_conflict: '同一编码类型不一致',
  basis_conflict: '同一编码设定依据不一致',
  code_mismatch: '名称属于基本目录另一编码',
  code_conflict: '同名事项编码不一致',
  shared_code: '同一编码由本辖区多个单位使用',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

export interface ConsistencyFinding {
  kind: FindingKind;
  itemId: string;
  itemName: string;
  taskCode: string;
  catalogCode: string;
  unitId: string;
  unitName: string;
  regionCode: string;
  message: string;
}

type Eb = ExpressionBuilder<Database & { i: Database['items'] }, 'i'>;
/** Catalogue-level, not cancelled. */
const live = (eb: Eb) => eb.and([eb('i.life_state', '<>', 'cancelled'), eb('i.granularity', '<>', 'handling')]);
const trimmed = (col: string) => sql<string>`trim(${sql.ref(col)})`;

interface ItemFacts {
  id: string;
  name: string;
  task_code: string;
  catalog_code: string;
  unit_id: string;
  unit_name: string;
  region_code: string;
}
const ITEM_COLUMNS = [
  'i.id',
  'i.name',
  'i.task_code',
  'i.catalog_code',
  'i.unit_id',
  'u.name as unit_name',
  'u.region_code',
] as const;

const typeName = (t: string) => `「${label(ITEM_TYPES, t)}」`;
const basisText = (json: string) => {
  const list = parseStored<Citation[]>(json);
  return list.length ? list.map(citationText).join('；') : '（无）';
};

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Catalogue-level items (not cancelled): what the report examines. */
export async function countLiveItems(db: Executor): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('items as i')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(live)
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** All findings, unordered. Exported for the benchmark, which times exactly this. */
export async function runChecks(
  db: Executor,
  f: { unitId?: string; kind?: FindingKind } = {},
): Promise<ConsistencyFinding[]> {
  const wanted = (k: FindingKind) => !f.kind || f.kind === k;
  const items = () =>
    db
      .selectFrom('items as i')
      .innerJoin('units as u', 'u.id', 'i.unit_id')
      .where(live)
      .$if(!!f.unitId, (qb) => qb.where('i.unit_id', '=', f.unitId!));
  const out: ConsistencyFinding[] = [];
  const push = (i: ItemFacts, kind: FindingKind, message: string) => {
    if (wanted(kind))
      out.push({
        kind,
        itemId: i.id,
        itemName: i.name,
        taskCode: i.task_code,
        catalogCode: i.catalog_code,
        unitId: i.unit_id,
        unitName: i.unit_name,
        regionCode: i.region_code,
        message,
      });
  };

  // The checks are independent: run them side by side (PostgreSQL serves them on separate connections).
  const tasks: Promise<void>[] = [];
  // 1. Against the base entry with the same 基本编码 (join on the entry's primary key).
  if (['name_mismatch', 'type_mismatch', 'basis_mismatch', 'entry_cancelled'].some((k) => wanted(k as FindingKind)))
    tasks.push(
      (async () => {
        const rows = await items()
          .innerJoin('catalogue_entries as e', 'e.catalog_code', 'i.catalog_code')
          .leftJoin('item_basis as b', 'b.item_id', 'i.id')
          .leftJoin('item_versions as v', (j) =>
            j.on((eb) => eb('v.id', '=', eb.fn.coalesce('i.published_version_id', 'i.draft_version_id'))),
          )
          .select([
            ...ITEM_COLUMNS,
            'i.type',
            'b.set_basis_key',
            'v.content',
            'e.name as entry_name',
            'e.type as entry_type',
            'e.set_basis as entry_basis',
            'e.set_basis_key as entry_key',
            'e.status as entry_status',
          ])
          .where((eb) =>
            eb.or([
              eb(trimmed('i.name'), '<>', trimmed('e.name')),
              eb('i.type', '<>', eb.ref('e.type')),
              eb('e.status', '=', 'cancelled'),
              eb(eb.fn.coalesce('b.set_basis_key', sql.lit('')), '<>', eb.fn.coalesce('e.set_basis_key', sql.lit(''))),
            ]),
          )
          .execute();
        for (const r of rows) {
          if (r.entry_status === 'cancelled') {
            push(r, 'entry_cancelled', `基本目录已取消基本编码 ${r.catalog_code}：请申请取消本事项或改用现行条目`);
            continue;
          }
          if (r.name.trim() !== r.entry_name.trim())
            push(r, 'name_mismatch', `事项名称「${r.name}」与基本目录「${r.entry_name}」不一致`);
          if (r.type !== r.entry_type)
            push(r, 'type_mismatch', `事项类型${typeName(r.type)}与基本目录${typeName(r.entry_type)}不一致`);
          if ((r.set_basis_key ?? '') !== (r.entry_key ?? '')) {
            const own = r.content ? (parseStored<{ setBasis?: Citation[] }>(r.content).setBasis ?? []) : [];
            push(
              r,
              'basis_mismatch',
              `设定依据与基本目录不一致；本事项为：${own.length ? own.map(citationText).join('；') : '（无）'}；基本目录为：${basisText(r.entry_basis)}`,
            );
          }
        }
      })(),
    );

  // 2. Codes without a base entry: the items using one code must agree among themselves (GROUP BY 基本编码).
  const noEntry = (eb: Eb) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('catalogue_entries as e')
          .select(sql.lit(1).as('one'))
          .whereRef('e.catalog_code', '=', 'i.catalog_code'),
      ),
    );
  if (wanted('no_base_entry'))
    tasks.push(
      (async () => {
        const rows = await items().select(ITEM_COLUMNS).where(noEntry).execute();
        for (const r of rows)
          push(r, 'no_base_entry', `基本编码 ${r.catalog_code} 不在基本目录中：请核对编码，或认领基本目录中的对应条目`);
      })(),
    );
  if (wanted('name_conflict') || wanted('type_conflict') || wanted('basis_conflict'))
    tasks.push(
      (async () => {
        // Groups are formed over every unit (a unit filter only narrows whose findings are listed); one join
        // brings back the members of the conflicting groups.
        const groups = db
          .selectFrom('items as i')
          .leftJoin('item_basis as b', 'b.item_id', 'i.id')
          .where(live)
          .where(noEntry)
          .select((eb) => [
            'i.catalog_code as code',
            eb.fn.count<number>(trimmed('i.name')).distinct().as('names'),
            eb.fn.count<number>('i.type').distinct().as('types'),
            eb.fn.count<number>('b.set_basis_key').distinct().as('bases'),
          ])
          .groupBy('i.catalog_code')
          .having((eb) =>
            eb.or([
              eb(eb.fn.count(trimmed('i.name')).distinct(), '>', 1),
              eb(eb.fn.count('i.type').distinct(), '>', 1),
              eb(eb.fn.count('b.set_basis_key').distinct(), '>', 1),
            ]),
          );
        const rows = await db
          .selectFrom('items as i')
          .innerJoin('units as u', 'u.id', 'i.unit_id')
          .innerJoin(groups.as('g'), 'g.code', 'i.catalog_code')
          .where(live)
          .select([...ITEM_COLUMNS, 'i.type', 'g.names', 'g.types', 'g.bases'])
          .execute();
        for (const [code, members] of groupBy(rows, (r) => r.catalog_code)) {
          const names = [...new Set(members.map((m) => m.name.trim()))];
          const types = [...new Set(members.map((m) => m.type))];
          for (const m of members) {
            if (f.unitId && m.unit_id !== f.unitId) continue;
            if (Number(m.names) > 1)
              push(
                m,
                'name_conflict',
                `同一基本编码 ${code} 下有 ${names.length} 个不同名称：${names.map((n) => `「${n}」`).join('、')}`,
              );
            if (Number(m.types) > 1)
              push(m, 'type_conflict', `同一基本编码 ${code} 下有不同的事项类型：${types.map(typeName).join('、')}`);
            if (Number(m.bases) > 1)
              push(m, 'basis_conflict', `同一基本编码 ${code} 下有 ${Number(m.bases)} 种不同的设定依据`);
          }
        }
      })(),
    );

  // 3. Same name, different 基本编码: against the catalogue (the name is another entry's) and among items (GROUP BY name).
  if (wanted('code_mismatch'))
    tasks.push(
      (async () => {
        const rows = await items()
          .innerJoin('catalogue_entries as e', (join) =>
            join.on(trimmed('e.name'), '=', trimmed('i.name')).onRef('e.catalog_code', '<>', 'i.catalog_code'),
          )
          .where('e.status', '=', 'active')
          .select([...ITEM_COLUMNS, 'e.catalog_code as entry_code'])
          .execute();
        for (const [, group] of groupBy(rows, (r) => r.id)) {
          const r = group[0]!;
          push(
            r,
            'code_mismatch',
            `基本目录中名为「${r.name.trim()}」的条目基本编码为 ${group
              .map((g) => g.entry_code)
              .sort()
              .join('、')}，本事项为 ${r.catalog_code}`,
          );
        }
      })(),
    );
  if (wanted('code_conflict'))
    tasks.push(
      (async () => {
        const names = db
          .selectFrom('items as i')
          .where(live)
          .select(trimmed('i.name').as('name'))
          .groupBy(trimmed('i.name'))
          .having((eb) => eb(eb.fn.count('i.catalog_code').distinct(), '>', 1));
        const rows = await db
          .selectFrom('items as i')
          .innerJoin('units as u', 'u.id', 'i.unit_id')
          .innerJoin(names.as('n'), (join) => join.on(trimmed('i.name'), '=', sql.ref('n.name')))
          .where(live)
          .select(ITEM_COLUMNS)
          .execute();
        for (const [name, members] of groupBy(rows, (r) => r.name.trim())) {
          const codes = [...new Set(members.map((m) => m.catalog_code))].sort();
          for (const m of members) {
            if (f.unitId && m.unit_id !== f.unitId) continue;
            push(m, 'code_conflict', `同名事项「${name}」使用了 ${codes.length} 个不同的基本编码：${codes.join('、')}`);
          }
        }
      })(),
    );
  // 4. One 基本编码 used by several units of one jurisdiction (region): duplicate entry or overlapping duties.
  if (wanted('shared_code'))
    tasks.push(
      (async () => {
        const shared = db
          .selectFrom('items as i')
          .innerJoin('units as u', 'u.id', 'i.unit_id')
          .where(live)
          .select(['i.catalog_code as code', 'u.region_code as region'])
          .groupBy(['i.catalog_code', 'u.region_code'])
          .having((eb) => eb(eb.fn.count('i.unit_id').distinct(), '>', 1));
        const rows = await db
          .selectFrom('items as i')
          .innerJoin('units as u', 'u.id', 'i.unit_id')
          .innerJoin(shared.as('s'), (join) =>
            join.onRef('s.code', '=', 'i.catalog_code').onRef('s.region', '=', 'u.region_code'),
          )
          .where(live)
          .select(ITEM_COLUMNS)
          .execute();
        for (const [, members] of groupBy(rows, (r) => `${r.region_code}:${r.catalog_code}`)) {
          for (const m of members) {
            if (f.unitId && m.unit_id !== f.unitId) continue;
            const others = members
              .filter((o) => o.unit_id !== m.unit_id)
              .map((o) => `${o.unit_name}「${o.name}」`)
              .sort();
            push(
              m,
              'shared_code',
              `基本编码 ${m.catalog_code} 同时由本单位「${m.name}」和 ${others.join('、')} 使用：请核对是否重复录入或职责交叉`,
            );
          }
        }
      })(),
    );
  await Promise.all(tasks);
  return out;
}
