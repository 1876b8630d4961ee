import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, type Db, type Executor } from '../../src/db/database.js';

/**
 * SQLite's connections (db/database.ts, docs/reliability.md "SQLite: reads beside writes"): a read never
 * queues behind an open write transaction, and sees only committed data; a second process holding the write
 * lock is waited for without freezing the event loop. The load test showed the starvation these prevent.
 */
describe('[sqlite] reads beside writes', () => {
  let dir: string;
  let db: Db;
  const count = async (ex: Executor) =>
    Number((await sql<{ n: number }>`select count(*) as n from t`.execute(ex)).rows[0]!.n);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-sqlite-conn-'));
    db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
    await sql`create table t (x integer)`.execute(db.kysely);
  });
  after(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a read and a read-only transaction complete while a write transaction is open, and see only committed rows', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let inserted!: () => void;
    const wrote = new Promise<void>((resolve) => (inserted = resolve));
    const writing = db.kysely.transaction().execute(async (trx) => {
      await sql`insert into t (x) values (1)`.execute(trx);
      assert.equal(await count(trx), 1, 'a transaction reads its own write');
      inserted();
      await held;
    });
    await wrote;
    // Both would wait for `finish` (forever) if they queued behind the write transaction.
    assert.equal(await count(db.kysely), 0);
    const snapshot = await db.kysely.transaction().setAccessMode('read only').execute(count);
    assert.equal(snapshot, 0);
    finish();
    await writing;
    assert.equal(await count(db.kysely), 1, 'the commit is visible to the next read');
  });

  it('a read-only transaction keeps its snapshot; reads outside it see the newest commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reading = db.kysely
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        const first = await count(trx);
        await gate;
        return [first, await count(trx)];
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.kysely.transaction().execute((trx) => sql`insert into t (x) values (2)`.execute(trx));
    assert.equal(await count(db.kysely), 2);
    release();
    assert.deepEqual(await reading, [1, 1]);
  });

  it("another process's write lock is waited for without blocking the event loop, then the transaction commits", async () => {
    const other = new SqliteDatabase(path.join(dir, 'db.sqlite'));
    try {
      other.exec('begin immediate');
      other.exec('insert into t (x) values (3)');
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      setTimeout(() => other.exec('commit'), 300);
      const started = Date.now();
      assert.equal(await count(db.kysely), 2, 'reads go on meanwhile');
      await db.kysely.transaction().execute((trx) => sql`insert into t (x) values (4)`.execute(trx));
      clearInterval(timer);
      assert.ok(Date.now() - started >= 250, 'the transaction waited for the lock');
      assert.ok(ticks >= 5, `the event loop kept running while it waited (${ticks} ticks)`);
      assert.equal(await count(db.kysely), 4);
    } finally {
      other.close();
    }
  });
});
