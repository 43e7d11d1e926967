import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanPickleBytes, scanPickleStream, type PickleScanResult } from './scan-pickle';
import { bytes, hasNumpy, hasPython, OS_SYSTEM_PICKLE, python, shortUnicode, TENSOR_PICKLE } from './testing';

const codes = (result: PickleScanResult) => result.findings.map((f) => f.code);
const critical = (result: PickleScanResult) => result.findings.filter((f) => f.severity === 'critical');

/** Protocol 4 framing: FRAME with the exact length of what follows up to and including STOP. */
function framed(body: Uint8Array): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(body.length));
  return bytes('\x80\x04\x95', length, body);
}

const HAND_WRITTEN = {
  'GLOBAL + REDUCE (protocol 0)': OS_SYSTEM_PICKLE,
  'STACK_GLOBAL through MEMOIZE/BINGET': bytes('\x80\x04', shortUnicode('os'), '\x940', shortUnicode('system'), '\x940', 'h\x00h\x01\x93', shortUnicode('echo pwned'), '\x85R.'),
  'STACK_GLOBAL through LONG_BINPUT/LONG_BINGET in a frame': framed(bytes(shortUnicode('os'), 'r\x07\x00\x00\x00', shortUnicode('system'), 'r\x09\x00\x00\x00', '00j\x07\x00\x00\x00j\x09\x00\x00\x00\x93', shortUnicode('id'), '\x85R.')),
  'STACK_GLOBAL through PUT/GET text memo': bytes("Vos\np7\n0Vsystem\np8\n0g7\ng8\n\x93(S'id'\ntR."),
  'STACK_GLOBAL on DUP-ed protocol 1 strings': bytes('U\x02os2', '0U\x06system\x93', "(S'id'\ntR."),
  INST: bytes("(S'echo pwned'\nios\nsystem\n."),
  OBJ: bytes("(cos\nsystem\nS'echo pwned'\no."),
};

describe('hand-written opcode streams', () => {
  it.each(Object.entries(HAND_WRITTEN))('%s importing os.system is unsafe', (_label, data) => {
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unsafe');
    expect(critical(result)).toHaveLength(1);
    expect(critical(result)[0]).toMatchObject({ code: 'unsafe_serialization', message: expect.stringContaining('os.system') });
    expect(result.imports).toEqual([expect.objectContaining({ module: 'os', name: 'system', verdict: 'dangerous', call: expect.any(Object) })]);
  });

  it.skipIf(!hasPython)('are all valid pickles according to pickletools (disassembled by python3, not loaded)', () => {
    for (const [label, data] of Object.entries({ ...HAND_WRITTEN, TENSOR_PICKLE })) {
      const out = python(`import pickletools, base64\npickletools.dis(base64.b64decode('${data.toString('base64')}'), out=open('/dev/null', 'w'))\nprint('ok')`);
      expect(out.toString().trim(), label).toBe('ok');
    }
  });

  it('names the call: REDUCE for GLOBAL, INST for INST, OBJ for OBJ, NEWOBJ for NEWOBJ', () => {
    expect(scanPickleBytes(HAND_WRITTEN['GLOBAL + REDUCE (protocol 0)']).imports[0]!.call).toEqual({ opcode: 'REDUCE', offset: 27 });
    expect(scanPickleBytes(HAND_WRITTEN.INST).imports[0]).toMatchObject({ opcode: 'INST', call: { opcode: 'INST' } });
    expect(scanPickleBytes(HAND_WRITTEN.OBJ).imports[0]).toMatchObject({ opcode: 'GLOBAL', call: { opcode: 'OBJ' } });
    const newobj = scanPickleBytes(bytes("\x80\x02csubprocess\nPopen\n(S'ls'\nt\x81."));
    expect(newobj.status).toBe('unsafe');
    expect(newobj.imports[0]).toMatchObject({ module: 'subprocess', name: 'Popen', call: { opcode: 'NEWOBJ' } });
  });

  it('passes a torch-style state dict (OrderedDict of _rebuild_tensor_v2 on a FloatStorage) as clean', () => {
    const result = scanPickleBytes(TENSOR_PICKLE);
    expect(result.status).toBe('clean');
    expect(result.findings).toEqual([expect.objectContaining({ code: 'pickle_scanned', severity: 'info' })]);
    expect(result.imports.map((i) => `${i.module}.${i.name}:${i.verdict}`)).toEqual([
      'collections.OrderedDict:allowed',
      'torch._utils._rebuild_tensor_v2:allowed',
      'torch.FloatStorage:allowed',
    ]);
  });

  it('passes allowlisted STACK_GLOBAL imports inside a protocol 4 frame', () => {
    const result = scanPickleBytes(framed(bytes(shortUnicode('collections'), '\x94', shortUnicode('OrderedDict'), '\x94\x93\x94)R\x94.')));
    expect(result.status).toBe('clean');
    expect(result.imports).toEqual([expect.objectContaining({ module: 'collections', name: 'OrderedDict', opcode: 'STACK_GLOBAL' })]);
  });

  it.each([
    ['Python 2 builtins', bytes("c__builtin__\neval\n(S'1'\ntR."), 'builtins.eval'],
    ['a dunder path from an allowed module', bytes('\x80\x04', shortUnicode('collections'), shortUnicode('OrderedDict.__init__.__globals__'), '\x93.'), '__globals__'],
    ['a path through os from an allowed module', bytes('ctorch._utils\nos.system\n.'), 'os.system'],
    ['STACK_GLOBAL on operands that are not strings', bytes('\x80\x04K\x01K\x02\x93.'), 'cannot name'],
    ['pickle.loads', bytes('\x80\x02c_pickle\nloads\n.'), '_pickle.loads'],
  ])('flags %s as critical', (_label, data, mention) => {
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unsafe');
    expect(critical(result)[0]!.message).toContain(mention);
  });

  it('calls an import outside the allowlist unsafe, not a warning', () => {
    const result = scanPickleBytes(bytes('\x80\x02csklearn.linear_model\nLogisticRegression\n)\x81.'));
    expect(result.status).toBe('unsafe');
    expect(result.findings).toEqual([expect.objectContaining({ code: 'unknown_import', severity: 'critical', message: expect.stringContaining('sklearn.linear_model.LogisticRegression') })]);
  });

  it('calls extension-registry imports and calls of non-imports unsafe', () => {
    for (const data of [bytes('\x80\x02\x82\x07.'), bytes('\x80\x02ccollections\nOrderedDict\n)R)R.')]) {
      const result = scanPickleBytes(data);
      expect(result.status).toBe('unsafe');
      expect(result.findings.map((f) => f.severity)).toEqual(['critical']);
    }
    expect(codes(scanPickleBytes(bytes('\x80\x02\x82\x07.')))).toEqual(['unknown_import']);
    expect(codes(scanPickleBytes(bytes('\x80\x02ccollections\nOrderedDict\n)R)R.')))).toEqual(['indirect_call']);
  });

  it('scans a pickle embedded in a bytes argument', () => {
    const inner = bytes('\x80\x02', OS_SYSTEM_PICKLE);
    const result = scanPickleBytes(bytes('\x80\x03C', [inner.length], inner, '.'));
    expect(result.status).toBe('unsafe');
    expect(critical(result)[0]!.message).toMatch(/embedded in SHORT_BINBYTES at byte 2: .*os\.system/);
  });
});

describe('malformed, truncated and concatenated streams', () => {
  it('never throws on any prefix, and never calls a cut stream clean', () => {
    for (const sample of [TENSOR_PICKLE, OS_SYSTEM_PICKLE]) {
      for (let cut = 0; cut < sample.length; cut++) {
        const result = scanPickleBytes(sample.subarray(0, cut));
        expect(result.status, `cut at ${cut}`).not.toBe('clean');
        expect(codes(result), `cut at ${cut}`).toContain('truncated_pickle');
      }
    }
  });

  it('keeps the critical finding of a dangerous import seen before the cut', () => {
    const result = scanPickleBytes(OS_SYSTEM_PICKLE.subarray(0, OS_SYSTEM_PICKLE.length - 1));
    expect(result.status).toBe('unsafe');
    expect(codes(result)).toEqual(['unsafe_serialization', 'truncated_pickle']);
  });

  it.each([
    ['stack underflow', bytes('\x80\x02R.')],
    ['a memo key never stored', bytes('\x80\x02h\x05.')],
    ['a missing MARK', bytes('\x80\x02Nt.')],
    ['an unknown opcode', bytes('\x80\x02\x00.')],
  ])('reports %s as malformed, status unknown', (_label, data) => {
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unknown');
    expect(codes(result)).toEqual(['malformed_pickle']);
  });

  it('scans every stream of concatenated pickles and flags trailing bytes', () => {
    expect(scanPickleBytes(bytes(TENSOR_PICKLE, TENSOR_PICKLE))).toMatchObject({ status: 'clean', streams: 2 });
    expect(scanPickleBytes(bytes(TENSOR_PICKLE, OS_SYSTEM_PICKLE)).status).toBe('unsafe');
    const trailing = scanPickleBytes(bytes(TENSOR_PICKLE, 'garbage'));
    expect(trailing.status).toBe('unknown');
    expect(codes(trailing)).toEqual(['trailing_data']);
    expect(scanPickleBytes(bytes(TENSOR_PICKLE, 'garbage'), { maxStreams: 1 }).status).toBe('clean');
  });

  it('gives the same result streamed in small chunks as in one piece', async () => {
    for (const sample of [TENSOR_PICKLE, ...Object.values(HAND_WRITTEN)]) {
      const chunks = Array.from({ length: Math.ceil(sample.length / 3) }, (_, i) => sample.subarray(i * 3, i * 3 + 3));
      expect(await scanPickleStream(Readable.from(chunks))).toEqual(scanPickleBytes(sample));
    }
  });

  it('keeps findings when the stream fails while reading', async () => {
    async function* failing() {
      yield OS_SYSTEM_PICKLE.subarray(0, 20);
      throw new Error('disk on fire');
    }
    const result = await scanPickleStream(failing());
    expect(result.status).toBe('unsafe');
    expect(codes(result)).toContain('read_error');
  });
});

describe.skipIf(!hasPython)('pickles written by python3 (only dumped, never loaded)', () => {
  const protocols = [0, 1, 2, 3, 4, 5];

  it.each(protocols)('a dict of lists at protocol %i is clean', (protocol) => {
    const data = python(`sys.stdout.buffer.write(pickle.dumps({'ints': [1, 2, 3], 'words': ['a', 'b'], 'mixed': [1.5, None, True, 2**80], 'nested': [[1], []]}, ${protocol}))`);
    const result = scanPickleBytes(data);
    expect(result.status).toBe('clean');
    expect(result.imports).toEqual([]);
  });

  it.each(protocols)('a class whose __reduce__ returns (os.system, ...) at protocol %i is unsafe', (protocol) => {
    const data = python(`import os\nclass Payload:\n    def __reduce__(self):\n        return (os.system, ('echo pwned',))\nsys.stdout.buffer.write(pickle.dumps(Payload(), ${protocol}))`);
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unsafe');
    expect(critical(result)[0]!.message).toMatch(/\b(os|posix|nt)\.system\b/);
  });

  it.each(protocols)('an eval payload at protocol %i is unsafe', (protocol) => {
    const data = python(`class Payload:\n    def __reduce__(self):\n        return (eval, ("__import__('os').system('id')",))\nsys.stdout.buffer.write(pickle.dumps(Payload(), ${protocol}))`);
    expect(critical(scanPickleBytes(data))[0]!.message).toContain('builtins.eval');
  });

  it.each(protocols)('an instance of an unknown class at protocol %i is unsafe, naming the class', (protocol) => {
    const data = python(`class Model:\n    def __init__(self): self.weights = [1, 2]\nsys.stdout.buffer.write(pickle.dumps(Model(), ${protocol}))`);
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unsafe');
    expect(result.findings.some((f) => f.code === 'unknown_import' && f.message.includes('__main__.Model'))).toBe(true);
  });

  it.skipIf(!hasNumpy).each(protocols)('numpy arrays, scalars, bytes and sets at protocol %i are clean', (protocol) => {
    const data = python(`import numpy as np, collections\nsys.stdout.buffer.write(pickle.dumps(collections.OrderedDict(w=np.arange(6, dtype=np.float32).reshape(2, 3), s=np.float64(2.5), b=b'xy', e=b'', st={1, 2}), ${protocol}))`);
    const result = scanPickleBytes(data);
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.status).toBe('clean');
  });
});
