import type { Executor } from '../db/database.js';
import { newId } from '../shared/ids.js';
import type { AttestationRow } from './workflow.table.js';

/** The Art. 15 statement, word for word as the submitter confirms it. */
export const ATTESTATION_STATEMENT = '本单位对调整内容和依据的准确性、真实性和完整性负责';

export const ATTESTATION_STAGES = { submission: '提交', unit_approval: '单位审核通过' } as const;
export type AttestationStage = keyof typeof ATTESTATION_STAGES;

export async function insertAttestation(db: Executor, a: { itemId: string; versionId: string; stage: AttestationStage; userId: string | null; userName: string; at: string }): Promise<AttestationRow> {
  const row: AttestationRow = { id: newId(), item_id: a.itemId, version_id: a.versionId, stage: a.stage, statement: ATTESTATION_STATEMENT, user_id: a.userId, user_name: a.userName, attested_at: a.at };
  await db.insertInto('attestations').values(row).execute();
  return row;
}

/** An item's statements, oldest first (shown beside its version history). */
export function attestationsOf(db: Executor, itemId: string): Promise<AttestationRow[]> {
  return db.selectFrom('attestations').selectAll().where('item_id', '=', itemId).orderBy('attested_at').orderBy('id').execute();
}
