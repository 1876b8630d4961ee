import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { ItemType } from '../domain/enums.js';
import { catalogCodeProblem } from '../domain/task-code.js';
import { errors } from '../shared/errors.js';
import { canonicalJson } from '../shared/json.js';
import { basisKey } from '../legal/basis-key.js';
import type { CatalogueEntryBody } from './catalogue.schema.js';
import * as repo from './catalogue.repository.js';
import type { CatalogueEntryRow } from './catalogue.table.js';

export async function listCatalogue(
  uc: UseCaseContext,
  f: { q?: string; type?: ItemType; offset: number; limit: number },
) {
  authorize(uc.actor, 'catalogue.read');
  return repo.listEntries(uc.app.db.kysely, f);
}

export async function getCatalogueEntry(uc: UseCaseContext, code: string): Promise<CatalogueEntryRow> {
  authorize(uc.actor, 'catalogue.read');
  const row = await repo.findEntry(uc.app.db.kysely, code);
  if (!row) throw errors.notFound('基本目录条目');
  return row;
}

/** Records one upper-level entry (the centre keeps the district's copy of the 基本目录). */
export async function saveCatalogueEntry(uc: UseCaseContext, body: CatalogueEntryBody): Promise<CatalogueEntryRow> {
  authorize(uc.actor, 'catalogue.manage');
  for (const [path, code] of [
    ['catalogCode', body.catalogCode],
    ['parentCode', body.parentCode],
  ] as const) {
    const problem = code ? catalogCodeProblem(code, uc.app.config.catalogCodeLengths) : null;
    if (problem) throw errors.field(path, problem);
  }
  return inTransaction(uc, async (trx, audit) => {
    const before = await repo.findEntry(trx, body.catalogCode);
    if (body.parentCode && !(await repo.findEntry(trx, body.parentCode)))
      throw errors.field('parentCode', '主项基本编码不存在');
    const row: CatalogueEntryRow = {
      catalog_code: body.catalogCode,
      local_catalog_code: body.localCatalogCode ?? null,
      parent_code: body.parentCode ?? null,
      name: body.name,
      type: body.type,
      set_basis: canonicalJson(body.setBasis),
      set_basis_key: basisKey(body.setBasis),
      use_levels: canonicalJson([...body.useLevels].sort()),
      status: body.status ?? 'active',
      entry_version: (before?.entry_version ?? 0) + 1,
      source_level: body.sourceLevel,
      version_id: before?.version_id ?? null,
      updated_at: uc.app.clock.now().toISOString(),
    };
    await repo.upsertEntry(trx, row);
    await audit({
      action: 'catalogue.entry_upserted',
      target: { type: 'catalogue_entry', id: row.catalog_code },
      before,
      after: row,
    });
    return row;
  });
}
