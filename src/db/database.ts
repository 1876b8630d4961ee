import { LRUCache } from 'lru-cache';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SelectQueryNode,
  SqliteDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** The application's handle on its database: the query builder plus which engine is behind it. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Anything that can run queries: the root handle or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;

const CONNECT_TIMEOUT_MS = 30_000;

// int8 (COUNT(*), SUM) arrives as a string from pg; every count we take fits a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/** Where the pool reports a connection that broke while idle (the database restarted or went away). */
export type ConnectionErrorSink = (err: Error) => void;

export async function openDatabase(dbConfig: Config['db'], onIdleError: ConnectionErrorSink = () => {}): Promise<Db> {
  if (dbConfig.kind === 'postgres') {
    // A request waits at most CONNECT_TIMEOUT_MS for a connection (a server that does not answer, or a pool
    // exhausted by overload), then fails as 503 instead of hanging. Long enough that a burst queues rather
    // than fails: a 5 s limit turned a 220-client burst on a busy machine into 503s.
    const pool = new pg.Pool({
      connectionString: dbConfig.url,
      max: dbConfig.poolSize,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // Without a listener an idle connection that the server closes (restart, failover) would be an
    // unhandled 'error' event and end the process; the pool drops that connection and opens a new one later.
    pool.on('error', onIdleError);
    // The pool listens only while a connection is idle (pg-pool removes its listener on checkout): a connection in
    // use, mid-transaction or with a query in flight, that the server terminates would emit an unhandled 'error' and
    // end the process (seen in the fault test when PostgreSQL stops under traffic). The query fails (503) and the
    // pool discards the broken connection when it is released.
    pool.on('connect', (client) => client.on('error', onIdleError));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await assertPostgresDurability(kysely);
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  if (dbConfig.file !== ':memory:') fs.mkdirSync(path.dirname(dbConfig.file), { recursive: true });
  const native = new SqliteDatabase(dbConfig.file);
  // WAL lets readers run beside the writer; synchronous=FULL makes every acknowledged commit survive power loss.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  assertSqliteDurability(native, dbConfig.file === ':memory:');
  if (dbConfig.file === ':memory:') {
    // A second connection to ':memory:' would be another, empty database: one connection does everything.
    const kysely = new Kysely<Database>({
      dialect: new SqliteAfterAutoRollbackDialect({ database: withStatementCache(native) }, native),
    });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  // Another process's write lock (`shixiang import` beside the server) is waited for without blocking the event
  // loop: SQLite's busy handler sleeps inside the synchronous call, so the writer fails at once and retries.
  native.pragma('busy_timeout = 0');
  const kysely = new Kysely<Database>({ dialect: new SqliteReadBesideWriteDialect(native, dbConfig.file) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/**
 * SQLite with two connections: the writer, which Kysely's single-connection mutex serialises (transactions and
 * every writing statement), and a query-only reader. A read outside a transaction runs on the reader at once
 * instead of queueing behind whole write transactions: in WAL mode it sees the last committed state, which is
 * what it would have seen after waiting. Without this, 20 writers saving drafts (each transaction holds the
 * connection across the rules engine's awaits) starved 200 public readers into timeouts (docs/reliability.md).
 * A transaction keeps the writer from `begin` to its end, so its own reads see its own writes. On some errors
 * (a full disk, an I/O error) SQLite has already rolled the transaction back by itself; ROLLBACK then runs
 * only on a transaction that is still open, so that "no transaction is active" does not hide the real error.
 */
class SqliteReadBesideWriteDialect extends SqliteDialect {
  constructor(
    private readonly writer: SqliteDatabase.Database,
    private readonly file: string,
  ) {
    super({ database: writer });
  }

  override createDriver(): Driver {
    return new ReadBesideWriteDriver(this.writer, this.file);
  }
}

/** Read-only transactions open at once at most (each holds its own connection and WAL snapshot). */
const SNAPSHOT_CONNECTIONS = 4;

/** A query-only connection to the file (reads never take the write lock, and cannot write by mistake). */
function openReader(file: string): SqliteDatabase.Database {
  const reader = new SqliteDatabase(file);
  reader.pragma('query_only = ON');
  reader.pragma('busy_timeout = 5000');
  return reader;
}

class ReadBesideWriteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly writer: SqliteDatabase.Database;
  private readonly nativeReader: SqliteDatabase.Database;
  private readonly reader: SqliteDatabase.Database;
  /** Connections for read-only transactions: idle ones, every one opened, and who waits for one. */
  private readonly idleSnapshots: SqliteDatabase.Database[] = [];
  private readonly openedSnapshots: SqliteDatabase.Database[] = [];
  private readonly snapshotWaiters: Array<(db: SqliteDatabase.Database) => void> = [];

  constructor(
    private readonly nativeWriter: SqliteDatabase.Database,
    private readonly file: string,
  ) {
    this.writer = withStatementCache(nativeWriter);
    this.nativeReader = openReader(file);
    this.reader = withStatementCache(this.nativeReader);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.writer, this.reader, this.nativeReader, this.mutex);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const routed = connection as RoutedConnection;
    if (settings.accessMode === 'read only') {
      // A read-only transaction (the search's consistent counts and pages) reads one snapshot on a connection
      // of its own: on the writer it would queue behind write transactions, on the shared reader its open
      // snapshot would hide other requests' commits from their next read.
      const db =
        this.idleSnapshots.pop() ??
        this.openSnapshot() ??
        (await new Promise<SqliteDatabase.Database>((resolve) => this.snapshotWaiters.push(resolve)));
      routed.pin(db);
      db.prepare('begin').run();
      return;
    }
    await routed.lockWriter();
    // IMMEDIATE takes the write lock at once, waiting for another process's writer such as `shixiang import`.
    // A deferred transaction would read a snapshot first, and its first write would then fail with
    // SQLITE_BUSY if the other process committed meanwhile.
    try {
      await whenNotBusy(() => this.writer.prepare('begin immediate').run());
    } catch (e) {
      routed.release();
      throw e;
    }
  }

  private openSnapshot(): SqliteDatabase.Database | undefined {
    if (this.openedSnapshots.length >= SNAPSHOT_CONNECTIONS) return undefined;
    const db = withStatementCache(openReader(this.file));
    this.openedSnapshots.push(db);
    return db;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if ((connection as RoutedConnection).inTransaction()) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const snapshot = (connection as RoutedConnection).release();
    if (!snapshot) return;
    if (snapshot.inTransaction) snapshot.prepare('rollback').run();
    const waiter = this.snapshotWaiters.shift();
    if (waiter) waiter(snapshot);
    else this.idleSnapshots.push(snapshot);
  }

  async destroy(): Promise<void> {
    for (const db of this.openedSnapshots) db.close();
    this.nativeReader.close();
    this.nativeWriter.close();
  }
}

/**
 * One acquisition. In a transaction it is pinned: to the writer from `begin` to the end (so a transaction reads
 * its own writes), or to a snapshot connection for a read-only one. Otherwise each statement goes where it
 * belongs: a read-only query to the shared reader, anything else to the writer for that one statement.
 */
class RoutedConnection implements DatabaseConnection {
  private pinned?: SqliteDatabase.Database;
  private holdsWriter = false;

  constructor(
    private readonly writer: SqliteDatabase.Database,
    private readonly reader: SqliteDatabase.Database,
    private readonly nativeReader: SqliteDatabase.Database,
    private readonly mutex: Mutex,
  ) {}

  async lockWriter(): Promise<void> {
    await this.mutex.lock();
    this.holdsWriter = true;
    this.pinned = this.writer;
  }

  pin(snapshot: SqliteDatabase.Database): void {
    this.pinned = snapshot;
  }

  inTransaction(): boolean {
    return !!this.pinned?.inTransaction;
  }

  /** Ends the pinning; returns the snapshot connection to give back, if it held one. */
  release(): SqliteDatabase.Database | undefined {
    const pinned = this.pinned;
    this.pinned = undefined;
    if (this.holdsWriter) {
      this.holdsWriter = false;
      this.mutex.unlock();
      return undefined;
    }
    return pinned;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.pinned) return run<R>(this.pinned.prepare(compiled.sql), compiled.parameters);
    // Only queries go to the reader (a `with … insert` is not read-only); DDL, DML and PRAGMAs, which set the
    // writer's own state (the bulk load's synchronous=NORMAL), are never even prepared there.
    if (/^\s*(select|with)\b/i.test(compiled.sql)) {
      const onReader = this.reader.prepare(compiled.sql);
      if (onReader.readonly) return run<R>(onReader, compiled.parameters);
    }
    await this.mutex.lock();
    try {
      return await whenNotBusy(() => run<R>(this.writer.prepare(compiled.sql), compiled.parameters));
    } finally {
      this.mutex.unlock();
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    // A statement of its own (not the shared cache): another query of the same text may run while this one is iterated.
    const stmt = (this.pinned ?? this.nativeReader).prepare(compiled.sql);
    for (const row of stmt.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Runs a statement that needs SQLite's write lock, retrying while another process holds it (SQLITE_BUSY), for
 * at most CONNECT_TIMEOUT_MS like a PostgreSQL request waiting for a connection; then the busy error is a 503.
 */
async function whenNotBusy<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return fn();
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

function run<R>(stmt: SqliteDatabase.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** Kysely's single-connection mutex: one holder at a time, the others wait in turn. */
class Mutex {
  private held?: Promise<void>;
  private release?: () => void;

  async lock(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }
}

/**
 * On some errors (a full disk, an I/O error) SQLite has already rolled the transaction back by itself;
 * Kysely's ROLLBACK would then fail with "no transaction is active" and hide the real error (a clean 503
 * became a 500). Rolling back only a transaction that is still open keeps the original error.
 */
class SqliteAfterAutoRollbackDialect extends SqliteDialect {
  constructor(
    config: ConstructorParameters<typeof SqliteDialect>[0],
    private readonly native: SqliteDatabase.Database,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.native.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/**
 * better-sqlite3 compiles a statement on every `prepare`, and Kysely prepares per query; a query shape always
 * gives the same SQL text, so statements are kept per text (bounded) and reused. Safe: the one connection
 * runs one query at a time, and a streamed statement is consumed before the next query starts.
 */
function withStatementCache(native: SqliteDatabase.Database): SqliteDatabase.Database {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: 1000 });
  const prepare = (source: string) => {
    let stmt = statements.get(source);
    if (!stmt) statements.set(source, (stmt = native.prepare(source)));
    return stmt;
  };
  return new Proxy(native, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** REL-01: refuse to run on settings that could lose acknowledged writes. */
function assertSqliteDurability(native: SqliteDatabase.Database, inMemory: boolean): void {
  const mode = String(native.pragma('journal_mode', { simple: true }));
  const sync = Number(native.pragma('synchronous', { simple: true }));
  const fk = Number(native.pragma('foreign_keys', { simple: true }));
  if ((!inMemory && mode !== 'wal') || sync !== 2 || fk !== 1) {
    throw new Error(
      `SQLite durability settings not in force (journal_mode=${mode}, synchronous=${sync}, foreign_keys=${fk})`,
    );
  }
}

async function assertPostgresDurability(kysely: Kysely<Database>): Promise<void> {
  for (const setting of ['fsync', 'full_page_writes', 'synchronous_commit']) {
    const { rows } = await sql<{ value: string }>`select current_setting(${setting}) as value`.execute(kysely);
    if (rows[0]?.value !== 'on') throw new Error(`PostgreSQL setting ${setting} must be on (is ${rows[0]?.value})`);
  }
}

/** Cheapest round trip that proves the database answers (used by /healthz). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

/**
 * Runs a bulk load with SQLite's `synchronous=NORMAL`, then restores FULL. In WAL mode NORMAL still keeps
 * the database consistent after a crash; only the last commits may roll back on power loss, which a bulk
 * load that can be restarted (the demo data) tolerates. Saves an fsync per transaction. No-op on PostgreSQL.
 */
export async function withBulkLoadSync<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return fn();
  await sql`pragma synchronous = normal`.execute(db.kysely);
  try {
    return await fn();
  } finally {
    await sql`pragma synchronous = full`.execute(db.kysely);
  }
}
