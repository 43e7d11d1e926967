/**
 * Decoding of the text arguments of protocol 0 opcodes, mirroring what CPython's unpickler accepts, so that a
 * stream we call well-formed is one CPython would also read (and vice versa as far as practical).
 * Every decoder throws a plain Error on input CPython would refuse; the disassembler turns it into a finding.
 */

import type { PickleArgKind } from './pickle-opcodes';

/** Strings are decoded to text only up to this size: the stack tracker only needs module and attribute names. */
export const TEXT_CAP = 4096;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export function decodeLatin1(bytes: Uint8Array): string {
  // Most protocol 0 arguments are a few digits: building the string directly beats a TextDecoder call.
  if (bytes.length > 64) return latin1.decode(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

const HEX = /^[0-9a-fA-F]+$/;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** STRING (`S`) argument: a quoted Python bytes literal body, as `codecs.escape_decode` reads it. */
export function decodeQuotedString(line: Uint8Array): string {
  const text = decodeLatin1(line);
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) {
    throw new Error('the STRING argument must be quoted');
  }
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new Error('trailing backslash in STRING argument');
    i++;
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === '\n') continue;
    else if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (next === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (hex.length !== 2 || !HEX.test(hex)) throw new Error('invalid \\x escape in STRING argument');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else out += '\\' + next;
  }
  return out;
}

/** UNICODE (`V`) argument: raw-unicode-escape, where only an odd run of backslashes before u/U starts an escape. */
export function decodeRawUnicodeEscape(line: Uint8Array): string {
  const text = decodeLatin1(line);
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '\\') {
      out += text[i++];
      continue;
    }
    let run = 0;
    while (text[i] === '\\') {
      run++;
      i++;
    }
    const marker = text[i];
    if (run % 2 === 0 || (marker !== 'u' && marker !== 'U')) {
      out += '\\'.repeat(run);
      continue;
    }
    out += '\\'.repeat(run - 1);
    const width = marker === 'u' ? 4 : 8;
    const hex = text.slice(i + 1, i + 1 + width);
    if (hex.length !== width || !HEX.test(hex)) throw new Error('truncated \\uXXXX escape in UNICODE argument');
    const codePoint = parseInt(hex, 16);
    if (codePoint > 0x10ffff) throw new Error('\\Uxxxxxxxx out of range in UNICODE argument');
    out += String.fromCodePoint(codePoint);
    i += 1 + width;
  }
  return out;
}

const INT_BASE0 = /^\s*[+-]?(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|\d(_?\d)*)\s*$/;
const INT_BASE10 = /^\s*[+-]?\d(_?\d)*\s*$/;
const FLOAT = /^\s*[+-]?(inf(inity)?|nan|(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?)\s*$/i;

/** INT and LONG arguments (`int(text, 0)`; LONG may end in `L`). */
export function isPythonInt(text: string, allowLongSuffix: boolean): boolean {
  return INT_BASE0.test(allowLongSuffix && text.endsWith('L') ? text.slice(0, -1) : text);
}

export function isPythonFloat(text: string): boolean {
  return FLOAT.test(text);
}

/** GET and PUT indices (`int(text)`); undefined when CPython would refuse the text. */
export function parseMemoIndex(text: string): number | undefined {
  if (!INT_BASE10.test(text)) return undefined;
  const value = Number(text.trim().replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

export type LineArgument = { int?: number; text?: string; module?: string; qualname?: string };

/** Decodes the newline-terminated argument(s) of a protocol 0 opcode; throws where CPython would refuse them. */
export function decodeLineArgument(opName: string, arg: PickleArgKind, line: Uint8Array, secondLine: Uint8Array): LineArgument {
  const keep = (text: string) => (text.length <= TEXT_CAP ? text : undefined);
  switch (arg) {
    case 'stringnl_noescape_pair':
      return { module: decodeUtf8(line), qualname: decodeUtf8(secondLine) };
    case 'decimalnl_short': {
      const text = decodeLatin1(line);
      if (opName === 'INT') {
        if (!isPythonInt(text, false)) throw new Error('invalid integer');
        return {};
      }
      const index = parseMemoIndex(text);
      if (index === undefined || index < 0) throw new Error('invalid memo index');
      return { int: index };
    }
    case 'decimalnl_long':
      if (!isPythonInt(decodeLatin1(line), true)) throw new Error('invalid integer');
      return {};
    case 'floatnl':
      if (!isPythonFloat(decodeLatin1(line))) throw new Error('invalid float');
      return {};
    case 'stringnl':
      return { text: keep(decodeQuotedString(line)) };
    case 'unicodestringnl':
      return { text: keep(decodeRawUnicodeEscape(line)) };
    case 'stringnl_noescape': {
      const text = decodeLatin1(line);
      if (/[^\x00-\x7f]/.test(text)) throw new Error('persistent id is not ASCII');
      return { text: keep(text) };
    }
    default:
      throw new Error(`unexpected argument kind ${arg}`);
  }
}
