// Runs in a worker thread (see verify-chain.ts): verifies one range of a long audit chain on its own connection, so
// that the ranges of a chain are read and hashed on several cores at once. No `server-only`, no app database module.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CHAIN_CHUNK_ROWS, CHAIN_COLUMNS, walkChunks, type Acknowledgement, type ChainBreak, type ChainRow, type WalkState } from './chain-walk';

/** A SQLite file, opened read-only, or a PostgreSQL connection (named statements unless a pooler cannot keep them). */
export type RangeSource = { sqliteFile: string } | { postgres: pg.ClientConfig; namedStatements: boolean };

export type RangeJob = {
  source: RangeSource;
  /** The range's sequence numbers, both ends included. */
  fromSeq: number;
  toSeq: number;
  /** Where the walk starts; null takes the range's first row's link as given (the caller checks it). */
  start: { prevHash: string; expectedSeq: number } | null;
  acknowledgements: [string, Acknowledgement[]][];
};

export type RangeResult = { state: WalkState; firstBreak: ChainBreak | null; first: { seq: number; prevHash: string; hash: string } | null };

const INT8_OID = 20;
const SELECT = `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${CHAIN_CHUNK_ROWS}`;

/** A reader of the chunk after a sequence number, and how to let go of the connection. */
async function openReader(source: RangeSource, toSeq: number) {
  if ('sqliteFile' in source) {
    const sqlite = new Database(source.sqliteFile, { readonly: true, fileMustExist: true });
    const statement = sqlite.prepare(SELECT.replace('$1', '?').replace('$2', '?')).raw();
    return { chunk: async (after: number) => statement.all(after, toSeq) as ChainRow[], close: async () => sqlite.close() };
  }
  // seq is a bigint; below 2^53, as everywhere in Provenant, a number.
  const client = new pg.Client({ ...source.postgres, types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser } });
  await client.connect();
  return {
    chunk: async (after: number) => (await client.query<ChainRow>({ name: source.namedStatements ? 'audit-chain-chunk' : undefined, text: SELECT, values: [after, toSeq], rowMode: 'array' })).rows,
    close: () => client.end(),
  };
}

async function verifyRange(job: RangeJob): Promise<RangeResult> {
  const reader = await openReader(job.source, job.toSeq);
  try {
    const fromStart = (): WalkState => ({ ...job.start!, count: 0, acknowledgedBreaks: [] });
    const fromFirstRow = ([seq, , , , , , , , , , , , prevHash]: ChainRow): WalkState => ({ prevHash, expectedSeq: seq, count: 0, acknowledgedBreaks: [] });
    const walked = await walkChunks((after) => reader.chunk(after ?? job.fromSeq - 1), job.start ? fromStart : fromFirstRow, new Map(job.acknowledgements));
    const [seq, , , , , , , , , , , , prevHash, hash] = walked.first ?? [];
    return {
      // A range with no rows: only its start, or nothing the caller uses (it skips a later range without a first row).
      state: walked.state ?? (job.start ? fromStart() : { prevHash: '', expectedSeq: job.fromSeq, count: 0, acknowledgedBreaks: [] }),
      firstBreak: walked.firstBreak,
      first: walked.first ? { seq: seq!, prevHash: prevHash!, hash: hash! } : null,
    };
  } finally {
    await reader.close();
  }
}

verifyRange(workerData as RangeJob).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (error: unknown) => parentPort!.postMessage({ ok: false, message: (error as Error | null)?.message ?? String(error) }),
);
