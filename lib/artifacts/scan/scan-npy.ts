/**
 * NumPy .npy headers: magic, version, a Python dict literal with descr, fortran_order and shape. An object dtype
 * ('|O', or a structured dtype with an object field) means the data is a pickle that numpy.load(allow_pickle=True)
 * unpickles: unsafe whatever it holds. A numeric array is clean once its header parses and the data after it is
 * exactly shape x itemsize bytes.
 */
import { finding, statusOf, type FormatScan } from './format-scan';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
/** numpy.lib.format refuses longer headers by default (max_header_size). */
const MAX_HEADER = 10_000;
const ascii = new TextDecoder('latin1');

export type NpyHeader = FormatScan & { dataStart?: number; objectDtype?: boolean };

export const isNpy = (head: Uint8Array) => NPY_MAGIC.every((b, i) => head[i] === b);

/** Bytes per element of a simple descr such as '<f4', '|b1', '<U10', '<M8[ns]'; undefined when not one. */
function itemSize(descr: string): number | undefined {
  const match = /^[<>|=]?([?biufcSUVmM])(\d*)(\[\w+\])?$/.exec(descr);
  if (!match) return undefined;
  const [, kind, digits] = match;
  if (kind === '?') return digits ? undefined : 1;
  const n = Number(digits || (kind === 'S' || kind === 'U' || kind === 'V' ? '0' : 'x'));
  if (!Number.isSafeInteger(n)) return undefined;
  if (kind === 'm' || kind === 'M') return n === 8 ? 8 : undefined;
  if (kind === 'U') return 4 * n;
  return n;
}

/** Checks the header at the start of `head` against a payload that makes the whole array `totalSize` bytes. */
export function checkNpyHeader(head: Uint8Array, totalSize: number, label = ''): NpyHeader {
  const bad = (message: string): NpyHeader => {
    const findings = [finding('malformed_npy', 'warning', `${label}NumPy array: ${message}`)];
    return { status: statusOf(findings), findings, unparsed: [{ start: 0, end: totalSize }] };
  };
  const major = head[6];
  if (major === undefined || major < 1 || major > 3) return bad(`format version ${major} is not 1, 2 or 3`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (head.length < prefix) return bad('the header is cut short');
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (length > MAX_HEADER) return bad(`a ${length}-byte header is longer than numpy reads by default`);
  if (head.length < prefix + length) return bad('the header is cut short');
  const text = ascii.decode(head.subarray(prefix, prefix + length));
  const descr = /'descr'\s*:\s*('[^']*'|\[[^\]]*(?:\][^\]]*)*\])\s*,/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([\d\s,]*)\)/.exec(text)?.[1];
  if (!descr || shape === undefined || !/'fortran_order'\s*:\s*(True|False)/.test(text)) return bad(`header ${JSON.stringify(text.slice(0, 120))} is not a dict of descr, fortran_order and shape`);
  if (/'[<>|=]?O\d*'/.test(descr)) {
    const findings = [finding('npy_object_dtype', 'critical', `${label}NumPy array of dtype ${descr}: its data is a pickle, which numpy.load(allow_pickle=True) unpickles and which can run code`)];
    return { status: 'unsafe', findings, dataStart: prefix + length, objectDtype: true };
  }
  const size = descr.startsWith("'") ? itemSize(descr.slice(1, -1)) : undefined;
  if (size === undefined) return bad(`dtype ${descr} is not a plain numeric, string or datetime type the scanner can size`);
  const dims = shape.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const elements = dims.reduce((product, d) => product * BigInt(d), 1n);
  const expected = BigInt(prefix + length) + elements * BigInt(size);
  if (expected !== BigInt(totalSize)) {
    const findings = [finding('size_mismatch', 'warning', `${label}NumPy array ${descr} of shape (${dims.join(', ')}) needs ${expected} bytes with its header, but holds ${totalSize}`)];
    const unparsed = expected < BigInt(totalSize) ? [{ start: Number(expected), end: totalSize }] : undefined;
    return { status: statusOf(findings), findings, unparsed };
  }
  return { status: 'clean', findings: [finding('npy_parsed', 'info', `${label}NumPy array ${descr} of shape (${dims.join(', ')}), ${totalSize} bytes`)], dataStart: prefix + length };
}
