import { describe, expect, it } from 'vitest';
import { canonicalEvent } from './audit/hash';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined members and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, ä: null })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"ä":null}');
  });

  it('gives the same text for the same value whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('refuses non-finite numbers rather than writing null', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});

describe('canonicalEvent', () => {
  it('is exactly the canonical JSON of the event with before/after parsed', () => {
    const event = {
      seq: 7,
      at: '2026-11-21T10:00:00.000Z',
      actorType: 'user',
      actorId: 'u1',
      actorLabel: 'dana@example.com',
      action: 'system.updated',
      entityType: 'ai_system',
      entityId: 's1',
      before: canonicalJson({ purpose: 'old "quoted"' }),
      after: canonicalJson({ purpose: 'new', tags: ['a'] }),
      ip: null,
      userAgent: 'Mozilla/5.0',
    };
    const parsed = { ...event, before: JSON.parse(event.before), after: JSON.parse(event.after) };
    expect(canonicalEvent(event)).toBe(canonicalJson(parsed));
  });

  it('stays equal to canonicalJson, and parses back to the same strings, for hostile but well-formed text', () => {
    const texts = ['nul\u0000', 'bell\u0007 del\u007f', 'cafe\u0301 caf\u00e9 \u212b', '\u{1f600}\u{10ffff}', 'ls\u2028ps\u2029', '"quote" \\ back', '\ufffd\uffff\ufeff\u202e'];
    for (const text of texts) {
      const event = { seq: 1, at: '2026-11-21T10:00:00.000Z', actorType: 'system', actorId: text, actorLabel: text, action: 'system.updated', entityType: text, entityId: text, before: canonicalJson({ [text]: text }), after: null, ip: text, userAgent: text };
      const json = canonicalEvent(event);
      expect(json).toBe(canonicalJson({ ...event, before: JSON.parse(event.before) }));
      expect(JSON.parse(json)).toMatchObject({ actorLabel: text, before: { [text]: text } });
    }
  });
});
