import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { pageWindow, parseSearchParams } from './search-params';

describe('pageWindow', () => {
  it('gives the rows of a page inside the list', () => {
    expect(pageWindow({ page: 1, pageSize: 25, total: 12 })).toEqual({ page: 1, pages: 1, total: 12, first: 1, last: 12, pastEnd: false });
    expect(pageWindow({ page: 2, pageSize: 25, total: 60 })).toMatchObject({ pages: 3, first: 26, last: 50, pastEnd: false });
    expect(pageWindow({ page: 3, pageSize: 25, total: 60 })).toMatchObject({ pages: 3, first: 51, last: 60, pastEnd: false });
    expect(pageWindow({ page: 2, pageSize: 25, total: 50 })).toMatchObject({ pages: 2, first: 26, last: 50, pastEnd: false });
  });

  it('says a page past the last one is past the end, with no rows, and where the last page is', () => {
    expect(pageWindow({ page: 99, pageSize: 25, total: 12 })).toEqual({ page: 99, pages: 1, total: 12, first: 0, last: 0, pastEnd: true });
    expect(pageWindow({ page: 4, pageSize: 25, total: 75 })).toMatchObject({ pages: 3, pastEnd: true });
  });

  it('has one empty page for an empty list', () => {
    expect(pageWindow({ page: 1, pageSize: 25, total: 0 })).toEqual({ page: 1, pages: 1, total: 0, first: 0, last: 0, pastEnd: false });
    expect(pageWindow({ page: 2, pageSize: 25, total: 0 })).toMatchObject({ pages: 1, pastEnd: true });
  });
});

describe('parseSearchParams', () => {
  const schema = z.object({ page: z.coerce.number().int().min(1).default(1), q: z.string().optional() });

  it('takes the first of repeated values and drops empty ones', () => {
    expect(parseSearchParams(schema, { page: ['3', '4'], q: '' })).toEqual({ query: { page: 3 }, raw: { page: '3' }, invalid: false, problems: [] });
  });

  it('falls back to the defaults when a value is not valid', () => {
    expect(parseSearchParams(schema, { page: '0', q: 'x' })).toEqual({ query: { page: 1 }, raw: {}, invalid: true, problems: [expect.stringMatching(/.+/)] });
  });
});
