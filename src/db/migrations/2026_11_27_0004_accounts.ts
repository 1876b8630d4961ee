import type { Kysely } from 'kysely';

/**
 * Accounts, server-side sessions, API tokens, runtime security settings and rate-limit counters.
 * Sessions and counters live in the database so several app instances share them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Lower-cased and trimmed: identities differing only in case are the same identity (AUTH-01).
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    // HMAC-SM3 over (id, unit, roles, status): a direct SQL edit of a grant is detected (CRY-07).
    .addColumn('acl_mac', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_history', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('initial_password_expires_at', 'text')
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_failed_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('mfa_secret', 'text')
    .addColumn('mfa_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mfa_last_step', 'integer')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_unit').on('users').column('unit_id').execute();

  await db.schema
    .createTable('sessions')
    // SM3 of the random session id: a database dump does not yield usable cookies.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    // 'full' | 'mfa_pending' | 'password_change'
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['rate_limits', 'settings', 'api_tokens', 'sessions', 'users'])
    await db.schema.dropTable(t).execute();
}
