import { createQueryId, type Compilable, type CompiledQuery } from 'kysely';
import type { Executor } from './database.js';

/**
 * A query of the public hot path compiled once per database handle and then run with new parameters: the
 * query builder's per-request cost (building the operation tree, freezing it, compiling the SQL) is paid
 * once. `build` must use placeholder values in the order the parameters are passed (checked on first use).
 */
export function preparedQuery<Row, Params extends readonly unknown[]>(
  build: (db: Executor) => Compilable<Row>,
): (db: Executor, ...params: Params) => Promise<Row[]> {
  const compiled = new WeakMap<Executor, CompiledQuery<Row>>();
  return async (db, ...params) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db).compile();
      if (query.parameters.length !== params.length)
        throw new Error(`prepared query takes ${query.parameters.length} parameters, got ${params.length}`);
      compiled.set(db, query);
    }
    return (await db.executeQuery<Row>({ ...query, parameters: params, queryId: createQueryId() })).rows;
  };
}
