import type { Executor } from '../db/database.js';
import { newId } from '../shared/ids.js';
import { ATTESTATION_STATEMENT, type AttestationStage } from './attestation.js';
import type { AttestationRow } from './workflow.table.js';

export async function insertAttestation(
  db: Executor,
  a: {
    itemId: string;
    versionId: string;
    stage: AttestationStage;
    userId: string | null;
    userName: string;
    at: string;
  },
): Promise<AttestationRow> {
  const row: AttestationRow = {
    id: newId(),
    item_id: a.itemId,
    version_id: a.versionId,
    stage: a.stage,
    statement: ATTESTATION_STATEMENT,
    user_id: a.userId,
    user_name: a.userName,
    attested_at: a.at,
  };
  await db.insertInto('attestations').values(row).execute();
  return row;
}
