import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/lib/canonical-json';
import { AUDIT_JSON_MAX_BYTES, AUDIT_TEXT_MAX, auditJson, auditText, utf8Prefix } from './audit-text';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const sha256 = (text: string) => hash('sha256', text, 'hex');

describe('auditText', () => {
  it('replaces each lone surrogate with one U+FFFD and keeps every other code point as given', () => {
    expect(auditText('a\ud800b\udfffc\udc00\ud800')).toBe('a\ufffdb\ufffdc\ufffd\ufffd');
    expect(auditText('nul\u0000 \u{1f600} cafe\u0301 caf\u00e9')).toBe('nul\u0000 \u{1f600} cafe\u0301 caf\u00e9');
    expect(auditText(null)).toBeNull();
  });

  it('cuts at AUDIT_TEXT_MAX code units with an ellipsis, never inside a surrogate pair', () => {
    const ascii = auditText('a'.repeat(10_000));
    expect(ascii).toHaveLength(AUDIT_TEXT_MAX);
    expect(ascii.endsWith('a…')).toBe(true);
    for (const prefix of ['', 'a']) {
      const cut = auditText(prefix + '\u{1f600}'.repeat(1_000));
      expect(cut.length).toBeLessThanOrEqual(AUDIT_TEXT_MAX);
      expect(cut.isWellFormed()).toBe(true);
      expect(cut.endsWith('\u{1f600}…')).toBe(true);
    }
    expect(auditText('b'.repeat(AUDIT_TEXT_MAX))).toBe('b'.repeat(AUDIT_TEXT_MAX));
  });
});

describe('utf8Prefix', () => {
  it('keeps the most whole code points that fit in the given bytes', () => {
    const text = 'aé€\u{1f600}'.repeat(100);
    for (let max = 0; max < 40; max++) {
      const prefix = utf8Prefix(text, max);
      expect(bytes(prefix)).toBeLessThanOrEqual(max);
      expect(text.startsWith(prefix)).toBe(true);
      const next = String.fromCodePoint(text.codePointAt(prefix.length)!);
      expect(bytes(prefix + next)).toBeGreaterThan(max);
    }
    expect(utf8Prefix('short', 100)).toBe('short');
  });
});

describe('auditJson', () => {
  it('is canonicalJson for well-formed values of ordinary size, and null for undefined', () => {
    const value = { b: [1, 'x\u0000'], a: { nfd: 'e\u0301', nfc: '\u00e9' } };
    expect(auditJson(value)).toBe(canonicalJson(value));
    expect(auditJson(undefined)).toBeNull();
    expect(auditJson(null)).toBe('null');
  });

  it('stores well-formed strings and keys, never a lone-surrogate escape', () => {
    const json = auditJson({ ['k\ud800']: ['v\udfff', { deep: '\udc00\ud800' }], literal: '\\ud800 stays text' })!;
    expect(json).toBe(canonicalJson({ ['k\ufffd']: ['v\ufffd', { deep: '\ufffd\ufffd' }], literal: '\\ud800 stays text' }));
    expect(JSON.parse(json).literal).toBe('\\ud800 stays text');
  });

  it('replaces only the large members of an object by their digest, size and a preview', () => {
    const large = { text: 'ü'.repeat(100_000) };
    const json = auditJson({ name: 'kept', parameters: large, count: 3 })!;
    expect(bytes(json)).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
    const stored = JSON.parse(json);
    expect(stored).toMatchObject({ name: 'kept', count: 3, parameters: { truncated: true, sha256: sha256(canonicalJson(large)), bytes: bytes(canonicalJson(large)) } });
    expect(canonicalJson(large).startsWith(stored.parameters.preview)).toBe(true);
    expect(bytes(stored.parameters.preview)).toBeLessThanOrEqual(1024);
  });

  it('replaces the largest members first and only until the value fits, keeping medium ones', () => {
    const value = { a: 'a'.repeat(10_000), b: 'b'.repeat(9_000), c: 'c'.repeat(3_000), d: 'd' };
    const stored = JSON.parse(auditJson(value)!);
    expect(stored.a).toMatchObject({ truncated: true, sha256: sha256(canonicalJson(value.a)) });
    expect([stored.b, stored.c, stored.d]).toEqual([value.b, value.c, value.d]);
  });

  it('replaces the whole value when its members are each small but many, or when it is not an object', () => {
    const many = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, 'v'.repeat(20)]));
    const list = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    for (const value of [many, list, 'x'.repeat(5_000_000)]) {
      const stored = JSON.parse(auditJson(value)!);
      expect(stored).toMatchObject({ truncated: true, sha256: sha256(canonicalJson(value)), bytes: bytes(canonicalJson(value)) });
      expect(canonicalJson(value).startsWith(stored.preview)).toBe(true);
      expect(bytes(stored.preview)).toBeLessThanOrEqual(4096);
    }
  });
});
