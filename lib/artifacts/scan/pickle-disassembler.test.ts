import { describe, expect, it } from 'vitest';
import { DATA_CAP, disassemblePickle, PickleDisassembler, type PickleOp } from './pickle-disassembler';
import { PICKLE_OPCODES } from './pickle-opcodes';
import { bytes, hasPython, OS_SYSTEM_PICKLE, python, TENSOR_PICKLE } from './testing';

type Seen = [offset: number, name: string, arg: number | string | null];

/** Disassembles `data` fed in chunks of `chunkSize` bytes, recording what the pickletools comparison needs. */
function disassemble(data: Uint8Array, chunkSize = data.length || 1) {
  const ops: Seen[] = [];
  const disassembler = new PickleDisassembler((op: PickleOp) => {
    const arg = op.module !== undefined ? `${op.module} ${op.qualname}` : /UNICODE/.test(op.name) ? (op.text ?? null) : /GET|PUT|PROTO|FRAME/.test(op.name) ? op.int! : null;
    ops.push([op.offset, op.name, arg]);
  });
  for (let at = 0; at < data.length; at += chunkSize) disassembler.write(data.subarray(at, at + chunkSize));
  disassembler.end();
  return { ops, failure: disassembler.failure, streams: disassembler.streams };
}

describe('opcode table', () => {
  it('has the 68 opcodes of protocols 0 to 5, each byte once', () => {
    expect(PICKLE_OPCODES).toHaveLength(68);
    expect(new Set(PICKLE_OPCODES.map((op) => op.code)).size).toBe(68);
  });

  it.skipIf(!hasPython)("matches CPython's pickletools table, argument encodings included", () => {
    const table = JSON.parse(python('import pickletools, json\nprint(json.dumps([[ord(o.code), o.name, o.arg.name if o.arg else "none", o.proto] for o in pickletools.opcodes]))').toString());
    expect(PICKLE_OPCODES.map((op) => [op.code, op.name, op.arg, op.proto])).toEqual(table);
  });
});

describe.skipIf(!hasPython)('against pickletools.genops on pickles made by python3', () => {
  const cases: { name: string; data: string; ops: Seen[] }[] = hasPython
    ? JSON.parse(
        python(`
import pickletools, json, base64
class Obj:
    def __init__(self): self.x = [1, 'two']
objs = {
    'containers': {'a': [1, 2**70, -5, 3.25, None, True, False], 'b': ('x', b'raw', bytearray(b'ba'), 'é\\n\\\\u\\\\U0001f600 \\U0001f600', frozenset({1}), {2}),
                   'c': [[]] * 3, 'big': 'x' * 300, 'blob': b'y' * 70000, 'n': 2**31, 'neg': -2**40, 'f': float('inf')},
    'object': Obj(),
    'huge': [b'z' * (${DATA_CAP} + 4096), 'after'],
}
named = ('GLOBAL', 'INST', 'UNICODE', 'BINUNICODE', 'SHORT_BINUNICODE', 'BINUNICODE8', 'GET', 'BINGET', 'LONG_BINGET', 'PUT', 'BINPUT', 'LONG_BINPUT', 'PROTO', 'FRAME')
out = []
for name, obj in objs.items():
    for proto in range(6):
        data = pickle.dumps(obj, proto)
        ops = [[pos, op.name, arg if op.name in named and not (isinstance(arg, str) and len(arg) > 4096) else None] for op, arg, pos in pickletools.genops(data)]
        out.append({'name': f'{name}/{proto}', 'data': base64.b64encode(data).decode(), 'ops': ops})
print(json.dumps(out))
`).toString(),
      )
    : [];

  it.each(cases.map((c) => [c.name, c] as const))('%s: same opcodes, offsets and arguments', (_name, c) => {
    const result = disassemble(Buffer.from(c.data, 'base64'));
    expect(result.failure).toBeUndefined();
    expect(result.streams).toBe(1);
    expect(result.ops).toEqual(c.ops);
  });

  it('gives the same result whatever the chunk size, including through skipped long arguments', () => {
    for (const c of cases) {
      const data = Buffer.from(c.data, 'base64');
      expect(disassemble(data, data.length > 100_000 ? 4093 : 1).ops, c.name).toEqual(c.ops);
    }
  });
});

describe('long arguments', () => {
  it('skips a payload longer than DATA_CAP without handing it over, and parses what follows', () => {
    const length = DATA_CAP * 3;
    const header = Buffer.alloc(9);
    header[0] = 0x8e; // BINBYTES8
    header.writeBigUInt64LE(BigInt(length), 1);
    const data = bytes('\x80\x04', header, Buffer.alloc(length, 0x41), '\x94.');
    const seen: PickleOp[] = [];
    const disassembler = new PickleDisassembler((op) => seen.push({ ...op, data: op.data && op.data.slice() }));
    for (let at = 0; at < data.length; at += 65536) disassembler.write(data.subarray(at, at + 65536));
    disassembler.end();
    expect(disassembler.failure).toBeUndefined();
    expect(seen.map((op) => op.name)).toEqual(['PROTO', 'BINBYTES8', 'MEMOIZE', 'STOP']);
    expect(seen[1]).toMatchObject({ offset: 2, int: length, data: undefined });
    expect(seen[2]!.offset).toBe(2 + 9 + length);
  });
});

describe('malformed and truncated input', () => {
  it('reports a cut at every position of a pickle as truncated, never throwing', () => {
    for (const sample of [TENSOR_PICKLE, OS_SYSTEM_PICKLE]) {
      for (let cut = 0; cut < sample.length; cut++) {
        const failure = disassemblePickle(sample.subarray(0, cut), () => {});
        expect(failure?.kind, `cut at ${cut}`).toBe('truncated');
      }
      expect(disassemblePickle(sample, () => {})).toBeUndefined();
    }
  });

  it.each([
    ['a byte that is no opcode', bytes('\x80\x02\xff.'), 'malformed', 2],
    ['an unsupported protocol', bytes('\x80\x06N.'), 'malformed', 0],
    ['a negative BINSTRING length', bytes('T\xff\xff\xff\xffab.'), 'malformed', 0],
    ['an unquoted STRING', bytes('Sabc\n.'), 'malformed', 0],
    ['a non-numeric INT', bytes('Ione\n.'), 'malformed', 0],
    ['a bad \\u escape in UNICODE', bytes('V\\u12\n.'), 'malformed', 0],
    ['a negative PUT index', bytes('Np-1\n.'), 'malformed', 1],
    ['a FRAME longer than the data', bytes('\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00N.'), 'truncated', 13],
    ['a BINUNICODE longer than the data', bytes('X\x10\x00\x00\x00abc'), 'truncated', 0],
  ] as const)('refuses %s', (_label, data, kind, offset) => {
    const failure = disassemblePickle(data, () => {});
    expect(failure).toMatchObject({ kind, offset });
  });

  it('decodes protocol 0 string escapes as CPython does', () => {
    const texts: (string | undefined)[] = [];
    disassemblePickle(bytes("(S'a\\x41\\101\\n'\nVb\\u00e9\\\\u0041\\U0001F600\nt."), (op) => texts.push(op.text));
    expect(texts.filter((t) => t !== undefined)).toEqual(['aAA\n', 'bé\\\\u0041😀']);
  });
});
