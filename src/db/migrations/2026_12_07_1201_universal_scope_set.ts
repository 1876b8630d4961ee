import type { Kysely } from 'kysely';
import { sm3Hex } from '../../crypto/sm.js';
import { canonicalJson } from '../../shared/json.js';

/**
 * 通办范围 (`ext.universalScope`) becomes a set of codes: real guides list several levels (全县 and 全市).
 * Every stored version holding one code gets a one-element list; its content hash is recomputed, and the
 * publications that recorded the old hash of that version are brought in step, so a published version still
 * matches its publication. The audit log keeps the content as it was written (it is append-only history).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rewriteScopes(db, (scope) => (typeof scope === 'string' ? [scope] : undefined));
}

/** Back to one code: the first of the set (a set of several cannot be kept whole). */
export async function down(db: Kysely<any>): Promise<void> {
  await rewriteScopes(db, (scope) => (Array.isArray(scope) ? (scope[0] ?? null) : undefined));
}

type Rewrite = (scope: unknown) => unknown;

async function rewriteScopes(db: Kysely<any>, rewrite: Rewrite): Promise<void> {
  // Only versions whose text mentions the element are read (a LIKE both engines run the same way).
  const rows: Array<{ id: string; item_id: string; content: string; content_hash: string }> = await db
    .selectFrom('item_versions')
    .select(['id', 'item_id', 'content', 'content_hash'])
    .where('content', 'like', '%"universalScope"%')
    .execute();
  for (const row of rows) {
    const content = JSON.parse(row.content) as { ext?: Record<string, unknown> };
    const next = content.ext ? rewrite(content.ext.universalScope) : undefined;
    if (next === undefined) continue;
    if (next === null) delete content.ext!.universalScope;
    else content.ext!.universalScope = next;
    const text = canonicalJson(content);
    const hash = sm3Hex(text);
    await db.updateTable('item_versions').set({ content: text, content_hash: hash }).where('id', '=', row.id).execute();
    await db
      .updateTable('publications')
      .set({ content_hash: hash })
      .where('item_id', '=', row.item_id)
      .where('content_hash', '=', row.content_hash)
      .execute();
  }
}
