/** Reading untyped form bodies and query strings without casts: the console's mappers start from these. */

/** Whether a form value is a group of fields (`a[b]=…`), not a string or a list. */
export const isFields = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A form body or query string as its fields (none when absent). */
export const fieldsOf = (v: unknown): Record<string, unknown> => (isFields(v) ? v : {});
/** Repeated rows of a form (`rows[0][name]=…`), which the body parser gives as a list or, past its array limit, an object. */
export const rowsOf = (v: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(v) ? v : isFields(v) ? Object.values(v) : []).map(fieldsOf);
