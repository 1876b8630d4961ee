import { renameUnitInDocuments } from '../publishing/public-documents.repository.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { describeUsccProblem } from '../domain/uscc.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { UnitBody, UnitUpdateBody } from './unit.schema.js';
import * as repo from './unit.repository.js';
import type { UnitRow } from './unit.table.js';

function validate(body: UnitBody): void {
  const problem = describeUsccProblem(body.uscc);
  if (problem) throw errors.field('uscc', problem);
}

const columns = (b: UnitBody) => ({
  name: b.name.trim(),
  short_name: b.shortName ?? null,
  uscc: b.uscc,
  nature: b.nature,
  region_code: b.regionCode,
  website: b.website ?? null,
  online_system_url: b.onlineSystemUrl ?? null,
  address: b.address ?? null,
  phone: b.phone ?? null,
  unit_review_enabled: b.unitReviewEnabled ? 1 : 0,
});

/** 实施单位 are registered by the system administrator (Art. 4). */
export async function createUnit(uc: UseCaseContext, body: UnitBody): Promise<UnitRow> {
  authorize(uc.actor, 'unit.manage');
  validate(body);
  return inTransaction(uc, async (trx, audit) => {
    if (await repo.findUnitByUscc(trx, body.uscc)) throw errors.duplicate('该统一社会信用代码的单位已存在', 'uscc');
    const now = uc.app.clock.now().toISOString();
    const row: UnitRow = {
      id: newId(),
      ...columns(body),
      active: 1,
      successor_unit_id: null,
      lock_version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insertUnit(trx, row);
    await audit({ action: 'unit.created', target: { type: 'unit', id: row.id }, after: row });
    return row;
  });
}

export async function updateUnit(uc: UseCaseContext, id: string, body: UnitUpdateBody): Promise<UnitRow> {
  authorize(uc.actor, 'unit.manage');
  validate(body);
  return inTransaction(uc, async (trx, audit) => {
    const before = await repo.findUnit(trx, id);
    if (!before) throw errors.notFound('实施单位');
    if (before.lock_version !== body.version) throw errors.versionConflict(before.lock_version);
    const other = await repo.findUnitByUscc(trx, body.uscc);
    if (other && other.id !== id) throw errors.duplicate('该统一社会信用代码的单位已存在', 'uscc');
    const patch = { ...columns(body), updated_at: uc.app.clock.now().toISOString() };
    if (!(await repo.updateUnitIfVersion(trx, id, body.version, patch)))
      throw errors.versionConflict(before.lock_version + 1);
    const after = { ...before, ...patch, lock_version: body.version + 1 };
    // The public lists sort by unit name; the documents themselves follow the unit on read.
    if (after.name !== before.name) await renameUnitInDocuments(trx, id, after.name);
    await audit({ action: 'unit.updated', target: { type: 'unit', id }, before, after });
    return after;
  });
}

export async function listUnits(uc: UseCaseContext, q?: string) {
  authorize(uc.actor, 'unit.read');
  return repo.listUnits(uc.app.db.kysely, q);
}

export async function getUnit(uc: UseCaseContext, id: string): Promise<UnitRow> {
  authorize(uc.actor, 'unit.read');
  const unit = await repo.findUnit(uc.app.db.kysely, id);
  if (!unit) throw errors.notFound('实施单位');
  return unit;
}
