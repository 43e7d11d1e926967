import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { parseInput, toDomainError } from './to-domain-error';

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

/** The field messages parseInput gives for `input`, keyed by path. */
function messagesFor(schema: z.ZodType, input: unknown): Record<string, string> {
  try {
    parseInput(schema, input);
  } catch (error) {
    return Object.fromEntries((toDomainError(error)?.issues ?? []).map((i) => [i.path, i.message]));
  }
  throw new Error('expected the input to be refused');
}

describe('parseInput messages', () => {
  const schema = z.object({
    days: z.number().int().min(1).max(366),
    ratio: z.number().gt(0).lt(1),
    count: z.number().int(),
    name: z.string().min(1),
    code: z.string().min(3).max(5),
    tags: z.array(z.string()).min(1).max(2),
    kind: z.enum(['performance', 'robustness']),
    email: z.email(),
    day: z.iso.date(),
    flag: z.boolean(),
    missing: z.string(),
    step: z.number().multipleOf(5),
  });

  it('says what to enter for each kind of rule, in words rather than zod’s', () => {
    const tooSmall = messagesFor(schema, { days: 0, ratio: 0, count: 1.5, name: '', code: 'ab', tags: [], kind: 'x', email: 'nope', day: '2026-13-01', flag: 'yes', step: 7 });
    expect(tooSmall).toEqual({
      days: 'Enter a number of 1 or more.',
      ratio: 'Enter a number greater than 0.',
      count: 'Enter a whole number.',
      name: 'Fill in this field.',
      code: 'Use at least 3 characters.',
      tags: 'Choose at least one.',
      kind: 'Choose one of: performance, robustness.',
      email: 'Enter an email address such as name@example.com.',
      day: '2026-13-01 is not a day of the calendar: check the month (01 to 12) and the day.',
      flag: 'Choose yes or no.',
      missing: 'Fill in this field.',
      step: 'Enter a multiple of 5.',
    });
    const tooBig = messagesFor(schema, { days: 367, ratio: 1, code: 'abcdef', tags: ['a', 'b', 'c'] });
    expect(tooBig).toMatchObject({ days: 'Enter a number of 366 or less.', ratio: 'Enter a number less than 1.', code: 'Use at most 5 characters.', tags: 'Choose at most 2.' });
    for (const message of [...Object.values(tooSmall), ...Object.values(tooBig)]) expect(message).not.toMatch(/expected|received|Invalid input|Too (small|big)|>=|<=/);
  });

  it('keeps a schema’s own message and says how many fields need correcting', () => {
    const own = z.object({ name: z.string().min(1, 'Required.'), roles: z.array(z.string()).min(1, 'Choose at least one role.') });
    expect(messagesFor(own, { name: '', roles: [] })).toEqual({ name: 'Required.', roles: 'Choose at least one role.' });
    const count = (input: unknown) => {
      try {
        parseInput(own, input);
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(count({ name: '', roles: ['a'] })).toBe('1 field to correct.');
    expect(count({ name: '', roles: [] })).toBe('2 fields to correct.');
  });
});
