/**
 * A non-null object, arrays included: what `v && typeof v === 'object'` admits, typed so its properties can be
 * read by name. Walking a path through parsed JSON or an item's content needs exactly this test, without a cast.
 */
export const isObjectLike = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
