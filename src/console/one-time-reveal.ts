import type { AppContext } from '../app/context.js';
import { newId } from '../shared/ids.js';
import type { RevealKind } from './one-time-reveal.table.js';

/**
 * "Shown once" across a redirect. The console issues a secret (initial password, API token) in a POST and
 * redirects (PRG) to a result page; the secret waits here, SM4-encrypted and bound to the issuing session,
 * until that page takes it, which deletes it. Reloading the result page finds nothing. Unclaimed secrets
 * expire after REVEAL_MINUTES and are swept on the next stash.
 */
export const REVEAL_MINUTES = 10;
const aad = (id: string) => `one_time_reveals.secret:${id}`;

/** Stores `secret` for one display by the session `sessionHash`; returns the id to put in the result URL. */
export async function stashSecret(app: AppContext, sessionHash: string, kind: RevealKind, subjectId: string, secret: string): Promise<string> {
  const id = newId();
  const now = app.clock.now();
  await app.db.kysely.deleteFrom('one_time_reveals').where('expires_at', '<', now.toISOString()).execute();
  await app.db.kysely.insertInto('one_time_reveals').values({
    id, session_hash: sessionHash, kind, subject_id: subjectId, secret: app.fieldCrypto.encrypt(secret, aad(id)),
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + REVEAL_MINUTES * 60_000).toISOString(),
  }).execute();
  return id;
}

/**
 * The secret, once: the row is deleted in the same transaction that reads it. Null when it was already
 * shown, has expired, belongs to another session or does not match the expected kind and subject.
 */
export async function takeSecret(app: AppContext, sessionHash: string, id: string, kind: RevealKind, subjectId: string): Promise<string | null> {
  return app.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('one_time_reveals').selectAll().where('id', '=', id).where('session_hash', '=', sessionHash).executeTakeFirst();
    if (!row) return null;
    const deleted = await trx.deleteFrom('one_time_reveals').where('id', '=', id).executeTakeFirst();
    // Two tabs racing for the same secret: only the one whose DELETE removed the row shows it.
    if (Number(deleted.numDeletedRows) !== 1) return null;
    if (row.kind !== kind || row.subject_id !== subjectId || row.expires_at < app.clock.now().toISOString()) return null;
    return app.fieldCrypto.decrypt(row.secret, aad(id));
  });
}
