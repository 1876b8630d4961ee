import { sql } from 'kysely';
import type { UnitScope } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { withinScope } from '../items/item.repository.js';
import { parseStored } from '../shared/json.js';
import type { ExchangeItem } from './assemble.js';

export interface ExportFilter {
  /** `working`: each item's working draft where it has one, else its public version (what an import compares
   * with); `published`: public versions only (what the province and the public see). */
  version: 'working' | 'published';
  unitId?: string;
  /** Only items published after this publication sequence (national exchange: changes since). */
  sinceSeq?: number;
}

export interface ExportRow extends ExchangeItem {
  unitName: string;
  unitUscc: string;
  itemId: string;
  lifeState: string;
  publishedAt: string | null;
  lastSeq: number | null;
}

const PAGE = 500;

/**
 * The items of an export, streamed in pages in code order (keyset paging, so memory stays flat however large
 * the catalogue). Cancelled items are left out: they are no longer part of the catalogue.
 */
export async function* exportRows(db: Executor, scope: UnitScope, f: ExportFilter): AsyncGenerator<ExportRow> {
  let after: [string, string] = ['', ''];
  for (;;) {
    const page = await db
      .selectFrom('items')
      .innerJoin('units', 'units.id', 'items.unit_id')
      .innerJoin('item_versions as v', (j) =>
        j.on(
          sql`v.id`,
          '=',
          f.version === 'published'
            ? sql`items.published_version_id`
            : sql`coalesce(items.draft_version_id, items.published_version_id)`,
        ),
      )
      .leftJoin('items as p', 'p.id', 'items.parent_id')
      .select([
        'items.id',
        'items.task_code',
        'items.handling_code',
        'items.granularity',
        'items.life_state',
        'units.name as unit_name',
        'units.uscc as unit_uscc',
        'p.task_code as parent_task_code',
        'p.handling_code as parent_handling_code',
        'v.content',
        'v.published_at',
      ])
      .select((eb) =>
        eb
          .selectFrom('publications')
          .select((e) => e.fn.max<number>('publications.seq').as('m'))
          .whereRef('publications.item_id', '=', 'items.id')
          .as('last_seq'),
      )
      .where(withinScope(scope))
      .where('items.life_state', '<>', 'cancelled')
      .$if(!!f.unitId, (qb) => qb.where('items.unit_id', '=', f.unitId!))
      .$if(f.sinceSeq !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('publications')
              .select('publications.seq')
              .whereRef('publications.item_id', '=', 'items.id')
              .where('publications.seq', '>', f.sinceSeq!),
          ),
        ),
      )
      .where((eb) =>
        eb.or([
          eb('items.task_code', '>', after[0]),
          eb.and([eb('items.task_code', '=', after[0]), eb('items.handling_code', '>', after[1])]),
        ]),
      )
      .orderBy('items.task_code')
      .orderBy('items.handling_code')
      .limit(PAGE)
      .execute();
    for (const r of page) {
      yield {
        itemId: r.id,
        taskCode: r.task_code,
        granularity: r.granularity,
        content: parseStored<ItemContent>(r.content),
        ...(r.handling_code ? { handlingCode: r.handling_code } : {}),
        ...(r.parent_task_code ? { parentTaskCode: r.parent_task_code } : {}),
        ...(r.parent_handling_code ? { parentHandlingCode: r.parent_handling_code } : {}),
        unitName: r.unit_name,
        unitUscc: r.unit_uscc,
        lifeState: r.life_state,
        publishedAt: r.published_at,
        lastSeq: r.last_seq === null ? null : Number(r.last_seq),
      };
    }
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = [last.task_code, last.handling_code];
  }
}

/** Only the exchange shape (what a JSON Lines line holds). */
export function toExchangeItem(r: ExportRow): ExchangeItem {
  const { taskCode, handlingCode, granularity, parentTaskCode, parentHandlingCode, content } = r;
  return {
    taskCode,
    granularity,
    content,
    ...(handlingCode ? { handlingCode } : {}),
    ...(parentTaskCode ? { parentTaskCode } : {}),
    ...(parentHandlingCode ? { parentHandlingCode } : {}),
  };
}
