import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../shared/errors.js';
import { dbErrorToAppError } from './db-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('driver errors → AppErrors', () => {
  const cases: Array<[string, unknown, string | null, RegExp?]> = [
    ['unique violation (PostgreSQL)', withCode('23505'), 'DUPLICATE'],
    ['unique violation (SQLite)', withCode('SQLITE_CONSTRAINT_UNIQUE'), 'DUPLICATE'],
    ['server refuses connections (stopped)', withCode('ECONNREFUSED'), 'UNAVAILABLE'],
    [
      'server shut down the session',
      withCode('57P01', 'terminating connection due to administrator command'),
      'UNAVAILABLE',
    ],
    ['pg: connection cut mid-query (no code)', new Error('Connection terminated unexpectedly'), 'UNAVAILABLE'],
    [
      'pg: broken client reused (no code)',
      new Error('Client has encountered a connection error and is not queryable'),
      'UNAVAILABLE',
    ],
    [
      'pg: no connection within the timeout (no code)',
      new Error('timeout exceeded when trying to connect'),
      'UNAVAILABLE',
    ],
    ['SQLite: disk full', withCode('SQLITE_FULL'), 'UNAVAILABLE', /存储空间不足/],
    ['SQLite: I/O error', withCode('SQLITE_IOERR_WRITE'), 'UNAVAILABLE'],
    ['SQLite: busy', withCode('SQLITE_BUSY'), 'UNAVAILABLE'],
    ['anything else stays a bug (500)', new TypeError('x is undefined'), null],
    ['a syntax error stays a bug', withCode('42601'), null],
  ];
  for (const [name, error, code, message] of cases) {
    it(name, () => {
      const mapped = dbErrorToAppError(error);
      if (code === null) return assert.equal(mapped, error);
      assert.ok(isAppError(mapped));
      assert.equal(mapped.code, code);
      if (message) assert.match(mapped.message, message);
    });
  }
});
