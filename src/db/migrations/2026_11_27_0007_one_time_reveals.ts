import type { Kysely } from 'kysely';

/**
 * Secrets the console shows exactly once after a redirect (an initial or reset password, a new API token):
 * SM4-encrypted, bound to the session that created them, deleted when shown and expiring after minutes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('one_time_reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SM3 of the issuing session's id: only that session can see the secret.
    .addColumn('session_hash', 'text', (c) => c.notNull())
    // 'initial_password' | 'api_token'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    // Field-crypto envelope (SM4-CBC + HMAC-SM3), AAD bound to the row id.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('one_time_reveals').execute();
}
