import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * "Column contains the user's text", the same on SQLite and PostgreSQL: `%` and `_` in the text match
 * literally (escaped), and latin letters match regardless of case (SQLite's LIKE ignores case, PostgreSQL's
 * does not, so both sides are lower-cased).
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
