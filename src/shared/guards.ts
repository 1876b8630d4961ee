/**
 * Type guards for values whose shape the compiler cannot know (parsed JSON, thrown errors, form values), so
 * callers narrow them instead of asserting a shape.
 */

/** A non-null object (arrays included), whose properties are read as unknown. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The string `code` of a thrown error (Node system errors, pg SQLSTATE, SQLite result codes); undefined otherwise. */
export function errorCode(e: unknown): string | undefined {
  return isRecord(e) && typeof e.code === 'string' ? e.code : undefined;
}

/** The `message` property of a thrown value, whatever it is (undefined for a non-object). */
export const errorMessage = (e: unknown): unknown => (isRecord(e) ? e.message : undefined);
