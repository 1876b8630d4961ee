import type { AppContext } from '../app/context.js';
import { newId } from '../shared/ids.js';
import { claimReveal, insertReveal, type RevealKind } from './one-time-reveal.repository.js';

export type { RevealKind };

/**
 * "Shown once" across a redirect. The console issues a secret (initial password, API token) in a POST and
 * redirects (PRG) to a result page; the secret waits here, SM4-encrypted and bound to the issuing session,
 * until that page takes it, which deletes it. Reloading the result page finds nothing. Unclaimed secrets
 * expire after REVEAL_MINUTES and are swept on the next stash.
 */
export const REVEAL_MINUTES = 10;
const aad = (id: string) => `one_time_reveals.secret:${id}`;

/** Stores `secret` for one display by the session `sessionHash`; returns the id to put in the result URL. */
export async function stashSecret(
  app: AppContext,
  sessionHash: string,
  kind: RevealKind,
  subjectId: string,
  secret: string,
): Promise<string> {
  const id = newId();
  const now = app.clock.now();
  await insertReveal(
    app.db.kysely,
    {
      id,
      session_hash: sessionHash,
      kind,
      subject_id: subjectId,
      secret: app.fieldCrypto.encrypt(secret, aad(id)),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + REVEAL_MINUTES * 60_000).toISOString(),
    },
    now.toISOString(),
  );
  return id;
}

/**
 * The secret, once: the row is deleted in the same transaction that reads it. Null when it was already
 * shown, has expired, belongs to another session or does not match the expected kind and subject.
 */
export async function takeSecret(
  app: AppContext,
  sessionHash: string,
  id: string,
  kind: RevealKind,
  subjectId: string,
): Promise<string | null> {
  const row = await claimReveal(app.db, id, sessionHash);
  if (!row) return null;
  if (row.kind !== kind || row.subject_id !== subjectId || row.expires_at < app.clock.now().toISOString()) return null;
  return app.fieldCrypto.decrypt(row.secret, aad(id));
}
