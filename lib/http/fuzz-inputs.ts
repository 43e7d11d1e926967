/** Test support for the API fuzz test: a seeded generator of inputs from JSON Schemas, and hostile values and shapes. */

export type Rng = () => number;
type JsonSchema = Record<string, unknown>;

/** mulberry32: small, fast and the same sequence for the same seed on every machine. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const nested = (depth: number): unknown => (depth === 0 ? [] : [nested(depth - 1)]);

/** Values an attacker (or a broken client) sends: ill-formed Unicode, NUL, huge and odd numbers, wrong types. */
export const HOSTILE_VALUES: readonly unknown[] = [
  '\ud800',
  'a\udfffb',
  'tail\ud83d',
  'nul\u0000byte',
  'x'.repeat(100_000),
  '\u202eexe.txt\u202c',
  'e\u0301 vs \u00e9',
  '\ufeffbom',
  '𝕏 \u{1F600}',
  '__proto__',
  'constructor',
  '1e309',
  '-1',
  'NaN',
  'Infinity',
  '0x1F',
  '',
  '   ',
  '2999-12-31T23:59:59Z',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  1e308,
  -1,
  -0,
  2 ** 53 + 1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  null,
  {},
  [],
  nested(8),
  nested(70),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  { toString: 'x', valueOf: 1, hasOwnProperty: null },
];

/** Raw bodies JSON cannot express: invalid UTF-8 (overlong, CESU surrogates, stray bytes) and absurd nesting. */
export const HOSTILE_RAW_BODIES: readonly (string | Uint8Array<ArrayBuffer>)[] = [
  new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
  '['.repeat(10_000) + ']'.repeat(10_000),
  '{"a":'.repeat(3_000) + '0' + '}'.repeat(3_000),
  '{"name": ',
  'null',
  '"just a string"',
  '1e999999',
  '{"a":1,"a":2,"__proto__":[]}',
];

/** Fills a path parameter by name: a real id of the right kind most often, else something hostile. */
export type IdPool = Record<string, string[]>;

/** A plausible value for a JSON Schema (zod's output), with ids drawn from the pool when a field names one. */
export function valueFor(schema: JsonSchema, rng: Rng, ids: IdPool, name = '', depth = 0): unknown {
  if (Array.isArray(schema.enum)) return pick(rng, schema.enum);
  if ('const' in schema) return schema.const;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return valueFor(pick(rng, branches), rng, ids, name, depth);
  const type = Array.isArray(schema.type) ? pick(rng, schema.type as string[]) : (schema.type as string | undefined);
  const pooled = Object.keys(ids).find((kind) => name.toLowerCase() === `${kind.toLowerCase()}id`);
  switch (type) {
    case 'string': {
      if (pooled && ids[pooled]!.length > 0) return pick(rng, ids[pooled]!);
      if (schema.pattern === '^[0-9a-f]{64}$' || /sha256/i.test(name)) return pick(rng, ids.artifact ?? ['0'.repeat(64)]);
      if (schema.format === 'date-time') return new Date(Date.UTC(2025, 0, 1 + Math.floor(rng() * 300))).toISOString();
      const min = Number(schema.minLength ?? 1);
      const max = Math.min(Number(schema.maxLength ?? 24), min + 24);
      return `fz${Math.floor(rng() * 1e9).toString(36)}`.padEnd(min, 'x').slice(0, Math.max(min, max));
    }
    case 'integer':
    case 'number': {
      const min = Number(schema.minimum ?? 0);
      const max = Number(schema.maximum ?? min + 100);
      const value = min + rng() * (max - min);
      return type === 'integer' ? Math.floor(value) : value;
    }
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const length = Math.min(Number(schema.minItems ?? 0) + Math.floor(rng() * 3), Number(schema.maxItems ?? 3));
      return depth > 6 ? [] : Array.from({ length }, () => valueFor(items, rng, ids, name, depth + 1));
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) if (required.has(key) || rng() < 0.6) out[key] = depth > 6 ? null : valueFor(prop, rng, ids, key, depth + 1);
      return out;
    }
    default:
      return pick(rng, ['value', 1, true, null, { key: 'value' }, ['item']]);
  }
}

/** Replaces one field (or the whole input) with a hostile value, or adds a hostile key, at any depth. */
export function mutate(input: unknown, rng: Rng): unknown {
  const roll = rng();
  if (roll < 0.1 || typeof input !== 'object' || input === null) return pick(rng, HOSTILE_VALUES);
  const copy = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (roll < 0.3 || keys.length === 0) copy[pick(rng, ['__proto__', 'constructor', '\ud800key', 'nul\u0000key', 'x'.repeat(5000), 'id', 'ownerId'])] = pick(rng, HOSTILE_VALUES);
  else {
    const key = pick(rng, keys);
    const value = copy[key];
    copy[key] = typeof value === 'object' && value !== null && rng() < 0.5 ? mutate(value, rng) : pick(rng, HOSTILE_VALUES);
  }
  return copy;
}

/** Percent-encodes a query value; what encodeURIComponent refuses (lone surrogates) goes as the raw UTF-8 of one. */
export function queryValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}
