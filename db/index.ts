import 'server-only';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { markPending, rollBackPending, runPending } from './commit-checks';
import { DIALECT } from './dialect';
import { openFrame, transactions, type Frame } from './frame';
import { createPostgresPool, namedStatementsAllowed, preparePostgres } from './postgres';
import * as schema from './schema/sqlite';
import { configure, openDatabase } from './sqlite';

/**
 * The database as the code sees it. Every query is awaited (`await db.select()...`), never run with the synchronous
 * `.all()`, `.get()` or `.run()`: the same code then runs on PostgreSQL, whose driver has only the asynchronous form.
 */
export type Db = ReturnType<typeof drizzle<typeof schema>>;
/** The database inside a transaction: the same interface, bound to the transaction's connection. */
export type Tx = Db;

export { APPEND_ONLY_TRIGGERS, missingAppendOnlyTriggers } from './append-only-triggers';
export { openDatabase };
export { namedStatementsAllowed };
export { auditAppendsHeld, checkBeforeCommit, holdingAuditAppends, independentReads, queuedBeforeCommit, rememberAuditHead, sideBySide, transactionAuditHead, type AuditHead } from './frame';

type Connection = ReturnType<typeof openDatabase>;
/** PostgreSQL: the pool, the database on it (typed as SQLite's: db/schema hands out the PostgreSQL tables), and its preparation. */
type PostgresConnection = { pool: pg.Pool; db: Db; ready: Promise<void> };

const globalForDb = globalThis as unknown as {
  provenantDb?: Connection;
  provenantPostgres?: PostgresConnection;
  provenantWriteQueue?: Promise<unknown>;
};

/** The connections of this process: `db` and `sqlite` write (inside transactions only), `reader` reads. */
export function getConnection() {
  if (DIALECT === 'postgresql') throw new Error('getConnection() is the SQLite connection; on PostgreSQL use getDb(), withTransaction() or unguardedWriter().');
  globalForDb.provenantDb ??= openDatabase();
  return globalForDb.provenantDb;
}

/** The PostgreSQL pool of this process, created on first use; `ready` settles once migrations and checks are done. */
function getPostgres(): PostgresConnection {
  if (!globalForDb.provenantPostgres) {
    const url = process.env.DATABASE_URL!;
    const pool = createPostgresPool(url);
    const ready = preparePostgres(url, pool);
    // Reported to whoever waits for it (start-up, the first transaction); never an unhandled rejection meanwhile.
    ready.catch(() => undefined);
    globalForDb.provenantPostgres = { pool, db: drizzlePostgres(pool) as unknown as Db, ready };
  }
  return globalForDb.provenantPostgres;
}

/** The PostgreSQL pool, for checks of the database itself (its triggers); application code goes through getDb(). */
export function postgresPool() {
  if (DIALECT !== 'postgresql') throw new Error('postgresPool() is for PostgreSQL; this process runs on SQLite.');
  return getPostgres().pool;
}

/** Opens the database and applies its migrations (SQLite at once; PostgreSQL under a lock shared by replicas). */
export async function databaseReady(): Promise<void> {
  if (DIALECT === 'postgresql') await getPostgres().ready;
  else getConnection();
}

/** The database for the current work: the open transaction's when there is one, else the read-only connection. */
export function getDb(): Db {
  return openFrame()?.tx ?? (DIALECT === 'postgresql' ? getPostgres().db : getConnection().reader);
}

/** The raw SQLite connection matching `getDb()`, for the few statements prepared by hand. */
export function currentSqlite(): Database.Database {
  if (DIALECT === 'postgresql') throw new Error('A statement written for SQLite ran on PostgreSQL: it needs its drizzle form.');
  return openFrame()?.sqlite ?? getConnection().readerSqlite;
}

/** The PostgreSQL client matching `getDb()` (the open transaction's, else the pool), for statements run by hand. */
export function currentPostgres(): pg.Pool | pg.PoolClient {
  if (DIALECT !== 'postgresql') throw new Error('currentPostgres() is for PostgreSQL; this process runs on SQLite.');
  return openFrame()?.pg ?? getPostgres().pool;
}

/**
 * The writing connection outside any transaction and its lock: for tests that set up or tamper with rows on purpose,
 * and for maintenance commands that run alone. Application code writes through `withTransaction`.
 */
export function unguardedWriter(): Db {
  return DIALECT === 'postgresql' ? getPostgres().db : getConnection().db;
}

/** Runs `task` after every write transaction queued before it: SQLite has one writer, and so does this process. */
function queueWrite<T>(task: () => Promise<T>): Promise<T> {
  const previous = globalForDb.provenantWriteQueue ?? Promise.resolve();
  const result = previous.then(task, task);
  globalForDb.provenantWriteQueue = result.catch(() => undefined);
  return result;
}

/**
 * Runs `fn` in a write transaction and commits when it resolves (rolls back when it rejects). Called inside another
 * transaction, it runs in a savepoint of that one: a verb composes with its caller's transaction atomically.
 * Within `fn`, `getDb()` is the transaction too, so helpers that do not take `tx` still read its own writes.
 */
export async function withTransaction<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const outer = openFrame();
  if (outer) return inSavepoint(outer, fn);
  return queueWrite(() => (DIALECT === 'postgresql' ? postgresTransaction(fn) : sqliteTransaction(fn)));
}

async function sqliteTransaction<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const { db, sqlite } = getConnection();
  sqlite.exec('BEGIN IMMEDIATE');
  const frame: Frame = { tx: db, exec: (statement) => sqlite.exec(statement), sqlite, open: true, savepoints: 0, checks: new Map() };
  try {
    const result = await transactions.run(frame, () => runThenCheck(frame, fn));
    frame.open = false;
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    frame.open = false;
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** Held by every write transaction on PostgreSQL: one writer at a time across replicas, as SQLite has one writer. */
const WRITE_LOCK_KEY = '7140001302';

async function postgresTransaction<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const { pool, ready } = getPostgres();
  await ready;
  const client = await pool.connect();
  const tx = drizzlePostgres(client) as unknown as Tx;
  const frame: Frame = { tx, exec: (statement) => client.query(statement), pg: client, open: true, savepoints: 0, checks: new Map() };
  try {
    await client.query('BEGIN');
    // Appends to the audit chain and conditional transitions then stay as serial as on SQLite, whichever replica runs them.
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
    const result = await transactions.run(frame, () => runThenCheck(frame, fn));
    frame.open = false;
    await client.query('COMMIT');
    return result;
  } catch (error) {
    frame.open = false;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `fn`, then the checks its writes queued: both inside the transaction, before it may commit. */
async function runThenCheck<T>(frame: Frame, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const result = await fn(frame.tx);
  await runPending(frame.tx, frame.checks!);
  return result;
}

async function inSavepoint<T>(frame: Frame, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const name = `provenant_${(frame.savepoints += 1)}`;
  const queued = frame.checks && markPending(frame.checks);
  const head = frame.auditHead;
  await frame.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(frame.tx);
    await frame.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    // What the savepoint appended to the audit chain is undone with it, and so are the checks its writes queued: the
    // head is again the one it began with.
    frame.auditHead = head;
    if (frame.checks) rollBackPending(frame.checks, queued!);
    await frame.exec(`ROLLBACK TO ${name}`);
    await frame.exec(`RELEASE ${name}`);
    throw error;
  }
}


/**
 * Runs `fn` on one snapshot of the database: every read in it sees the same committed state, whatever is written
 * meanwhile. SQLite: a read transaction on a connection of its own, so other readers keep seeing new commits.
 */
export async function withReadTransaction<T>(fn: (db: Db) => T | Promise<T>): Promise<T> {
  const outer = openFrame();
  if (outer) return fn(outer.tx);
  if (DIALECT === 'postgresql') return postgresReadTransaction(fn);
  const sqlite = new Database(getConnection().sqlite.name, { readonly: true, fileMustExist: true });
  configure(sqlite);
  const db = drizzle(sqlite, { schema });
  const frame: Frame = { tx: db, exec: (statement) => sqlite.exec(statement), sqlite, open: true, savepoints: 0 };
  try {
    sqlite.exec('BEGIN');
    return await transactions.run(frame, () => fn(db));
  } finally {
    frame.open = false;
    sqlite.close();
  }
}

/** PostgreSQL: a read-only transaction at REPEATABLE READ, whose snapshot is taken at its first statement. */
async function postgresReadTransaction<T>(fn: (db: Db) => T | Promise<T>): Promise<T> {
  const { pool, ready } = getPostgres();
  await ready;
  const client = await pool.connect();
  const db = drizzlePostgres(client) as unknown as Db;
  const frame: Frame = { tx: db, exec: (statement) => client.query(statement), pg: client, open: true, savepoints: 0 };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await transactions.run(frame, () => fn(db));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    frame.open = false;
    client.release();
  }
}

/** Runs `fn` in the caller's transaction when there is one, else in a new one: verbs compose atomically. */
export async function inTransaction<T>(outer: Tx | undefined, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  return outer ? fn(outer) : await withTransaction(fn);
}

/** How many rows an update or delete changed: `changes` on SQLite, `rowCount` on PostgreSQL. */
export function changedRows(result: object): number {
  const { changes, rowCount } = result as { changes?: number; rowCount?: number | null };
  return changes ?? rowCount ?? 0;
}

/** The first row of a query's result, or undefined: what `.get()` gave on SQLite alone. */
export function first<T>(rows: T[]): T | undefined {
  return rows[0];
}

/** The row an insert or update `.returning()` gave back, which the statement guarantees: it throws if there is none. */
export function only<T>(rows: T[]): T {
  if (rows.length === 0) throw new Error('Expected the statement to return a row, and it returned none.');
  return rows[0]!;
}

/**
 * The first row a conditional insert or update `.returning()` gave back, typed as present, as `.returning().get()`
 * was: a statement that matched nothing gives undefined, which the caller checks where that can happen.
 */
export function returnedRow<T>(rows: T[]): T {
  return rows[0] as T;
}

/** For tests and the CLI: close and forget the process connection (the next call reopens at the current DATA_DIR). */
export function closeConnection() {
  globalForDb.provenantDb?.readerSqlite.close();
  globalForDb.provenantDb?.sqlite.close();
  globalForDb.provenantDb = undefined;
  // The pool ends in the background: queries already sent finish, new ones go to the next pool.
  void globalForDb.provenantPostgres?.pool.end().catch(() => undefined);
  globalForDb.provenantPostgres = undefined;
}
