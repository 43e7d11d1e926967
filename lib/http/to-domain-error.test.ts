import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { toDomainError } from './to-domain-error';

/** The error a real system call or SQLite raised, caught as the verb would see it. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const mapped = (error: unknown) => {
  const domain = toDomainError(error);
  return domain && { status: domain.status, code: domain.code };
};

describe('toDomainError for storage failures', () => {
  it('maps a full disk (ENOSPC from a real write to /dev/full where there is one, EDQUOT) to 507, also when wrapped', () => {
    const enospc = fs.existsSync('/dev/full')
      ? caught(() => fs.writeFileSync('/dev/full', 'bytes'))
      : Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    expect(mapped(enospc)).toEqual({ status: 507, code: 'insufficient_storage' });
    expect(mapped(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toEqual({ status: 507, code: 'insufficient_storage' });
    const wrapped = Object.assign(new Error('Failed query: insert into ...'), { cause: enospc });
    expect(mapped(wrapped)).toEqual({ status: 507, code: 'insufficient_storage' });
  });

  it('maps SQLITE_FULL raised by a real database that may not grow, and a read-only one to 503', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const full = caught(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
    expect((full as { code: string }).code).toBe('SQLITE_FULL');
    expect(mapped(full)).toEqual({ status: 507, code: 'insufficient_storage' });
    db.pragma('query_only = ON');
    const readOnly = caught(() => db.prepare('INSERT INTO t VALUES (?)').run('x'));
    expect(mapped(readOnly)).toEqual({ status: 503, code: 'unavailable' });
    for (const code of ['SQLITE_IOERR_WRITE', 'EROFS', 'EIO']) expect(mapped(Object.assign(new Error(code), { code }))).toEqual({ status: 503, code: 'unavailable' });
  });

  it('leaves other errors unmapped (a bug stays a 500) and typed errors as they are', () => {
    expect(toDomainError(new TypeError('x is undefined'))).toBeNull();
    expect(toDomainError(Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }))).toBeNull();
    const typed = new DomainError('nope', 'conflict', 409);
    expect(toDomainError(typed)).toBe(typed);
  });
});
