/**
 * The pickle opcode table of CPython's pickletools (protocols 0 to 5), with each opcode's argument encoding.
 * Kept as data so a test can compare it with the live pickletools table when python3 is available.
 */

export type PickleArgKind =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'uint4'
  | 'uint8'
  | 'int4'
  | 'float8'
  | 'long1'
  | 'long4'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8'
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'floatnl'
  | 'stringnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'unicodestringnl';

export type PickleOpcode = { code: number; name: string; arg: PickleArgKind; proto: number };

const TABLE: [string, string, PickleArgKind, number][] = [
  ['I', 'INT', 'decimalnl_short', 0],
  ['J', 'BININT', 'int4', 1],
  ['K', 'BININT1', 'uint1', 1],
  ['M', 'BININT2', 'uint2', 1],
  ['L', 'LONG', 'decimalnl_long', 0],
  ['\x8a', 'LONG1', 'long1', 2],
  ['\x8b', 'LONG4', 'long4', 2],
  ['S', 'STRING', 'stringnl', 0],
  ['T', 'BINSTRING', 'string4', 1],
  ['U', 'SHORT_BINSTRING', 'string1', 1],
  ['B', 'BINBYTES', 'bytes4', 3],
  ['C', 'SHORT_BINBYTES', 'bytes1', 3],
  ['\x8e', 'BINBYTES8', 'bytes8', 4],
  ['\x96', 'BYTEARRAY8', 'bytearray8', 5],
  ['\x97', 'NEXT_BUFFER', 'none', 5],
  ['\x98', 'READONLY_BUFFER', 'none', 5],
  ['N', 'NONE', 'none', 0],
  ['\x88', 'NEWTRUE', 'none', 2],
  ['\x89', 'NEWFALSE', 'none', 2],
  ['V', 'UNICODE', 'unicodestringnl', 0],
  ['\x8c', 'SHORT_BINUNICODE', 'unicodestring1', 4],
  ['X', 'BINUNICODE', 'unicodestring4', 1],
  ['\x8d', 'BINUNICODE8', 'unicodestring8', 4],
  ['F', 'FLOAT', 'floatnl', 0],
  ['G', 'BINFLOAT', 'float8', 1],
  [']', 'EMPTY_LIST', 'none', 1],
  ['a', 'APPEND', 'none', 0],
  ['e', 'APPENDS', 'none', 1],
  ['l', 'LIST', 'none', 0],
  [')', 'EMPTY_TUPLE', 'none', 1],
  ['t', 'TUPLE', 'none', 0],
  ['\x85', 'TUPLE1', 'none', 2],
  ['\x86', 'TUPLE2', 'none', 2],
  ['\x87', 'TUPLE3', 'none', 2],
  ['}', 'EMPTY_DICT', 'none', 1],
  ['d', 'DICT', 'none', 0],
  ['s', 'SETITEM', 'none', 0],
  ['u', 'SETITEMS', 'none', 1],
  ['\x8f', 'EMPTY_SET', 'none', 4],
  ['\x90', 'ADDITEMS', 'none', 4],
  ['\x91', 'FROZENSET', 'none', 4],
  ['0', 'POP', 'none', 0],
  ['2', 'DUP', 'none', 0],
  ['(', 'MARK', 'none', 0],
  ['1', 'POP_MARK', 'none', 1],
  ['g', 'GET', 'decimalnl_short', 0],
  ['h', 'BINGET', 'uint1', 1],
  ['j', 'LONG_BINGET', 'uint4', 1],
  ['p', 'PUT', 'decimalnl_short', 0],
  ['q', 'BINPUT', 'uint1', 1],
  ['r', 'LONG_BINPUT', 'uint4', 1],
  ['\x94', 'MEMOIZE', 'none', 4],
  ['\x82', 'EXT1', 'uint1', 2],
  ['\x83', 'EXT2', 'uint2', 2],
  ['\x84', 'EXT4', 'int4', 2],
  ['c', 'GLOBAL', 'stringnl_noescape_pair', 0],
  ['\x93', 'STACK_GLOBAL', 'none', 4],
  ['R', 'REDUCE', 'none', 0],
  ['b', 'BUILD', 'none', 0],
  ['i', 'INST', 'stringnl_noescape_pair', 0],
  ['o', 'OBJ', 'none', 1],
  ['\x81', 'NEWOBJ', 'none', 2],
  ['\x92', 'NEWOBJ_EX', 'none', 4],
  ['\x80', 'PROTO', 'uint1', 2],
  ['.', 'STOP', 'none', 0],
  ['\x95', 'FRAME', 'uint8', 4],
  ['P', 'PERSID', 'stringnl_noescape', 0],
  ['Q', 'BINPERSID', 'none', 1],
];

export const PICKLE_OPCODES: readonly PickleOpcode[] = TABLE.map(([ch, name, arg, proto]) => ({ code: ch.charCodeAt(0), name, arg, proto }));

/** Indexed by opcode byte; undefined for bytes that are not opcodes (CPython refuses them). */
export const OPCODE_BY_BYTE: readonly (PickleOpcode | undefined)[] = (() => {
  const byByte: (PickleOpcode | undefined)[] = new Array(256).fill(undefined);
  for (const op of PICKLE_OPCODES) byByte[op.code] = op;
  return byByte;
})();

/** Arguments that are a little-endian length followed by that many bytes; `text` marks strings. */
export type LengthPrefix = { size: 1 | 4 | 8; signed: boolean; text: boolean };
export const LENGTH_PREFIXED: Partial<Record<PickleArgKind, LengthPrefix>> = {
  long1: { size: 1, signed: false, text: false },
  long4: { size: 4, signed: true, text: false },
  string1: { size: 1, signed: false, text: true },
  string4: { size: 4, signed: true, text: true },
  bytes1: { size: 1, signed: false, text: false },
  bytes4: { size: 4, signed: false, text: false },
  bytes8: { size: 8, signed: false, text: false },
  bytearray8: { size: 8, signed: false, text: false },
  unicodestring1: { size: 1, signed: false, text: true },
  unicodestring4: { size: 4, signed: false, text: true },
  unicodestring8: { size: 8, signed: false, text: true },
};

/** Arguments of a fixed size in bytes (none, little-endian integers, big-endian float8). */
export const FIXED_SIZE: Partial<Record<PickleArgKind, number>> = { none: 0, uint1: 1, uint2: 2, uint4: 4, int4: 4, uint8: 8, float8: 8 };

/** Highest protocol CPython's unpickler accepts in a PROTO opcode. */
export const HIGHEST_PROTOCOL = 5;
