/**
 * Walks an ONNX file's protobuf wire format from its first byte to its last: every field of the model, graph,
 * nodes, attributes (down into subgraphs), tensors and functions must use a field number and wire type onnx.proto
 * defines and stay inside its parent. ONNX carries no serialized code; what it can still ask a runtime to load is a
 * custom-operator library (an operator domain no runtime implements) or external tensor files, both reported.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ScanFinding } from '@/db/schema/models';
import { FileCursor, FormatError, readVarint } from './file-cursor';
import { finding, statusOf, type ByteRange, type FormatScan } from './format-scan';
import { ONNX_SCHEMA, STANDARD_DOMAINS, type MessageSchema } from './onnx-schema';

/** Subgraphs nest through If/Loop/Scan attributes; deeper than this is no real model. */
const MAX_DEPTH = 64;
const MAX_DOMAIN = 4096;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Unknown fields are bytes every loader skips unread: they are searched for pickles (adjacent ones merged). */
type Walk = { cursor: FileCursor; domains: Set<string>; functionDomains: Set<string>; external: number; unknown: ByteRange[] };
const MAX_UNKNOWN_RANGES = 100;

function noteUnknown(walk: Walk, start: number, end: number): void {
  const last = walk.unknown[walk.unknown.length - 1];
  if (last && last.end === start) last.end = end;
  else if (walk.unknown.length < MAX_UNKNOWN_RANGES) walk.unknown.push({ start, end });
}

async function readDomain(walk: Walk, length: number): Promise<string> {
  if (length > MAX_DOMAIN) {
    walk.cursor.skip(length, 'domain');
    return '<too long>';
  }
  try {
    return decoder.decode(await walk.cursor.bytes(length, 'domain'));
  } catch {
    return '<not UTF-8>';
  }
}

async function walkMessage(walk: Walk, schema: MessageSchema, name: string, end: number, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) throw new FormatError(`messages nest deeper than ${MAX_DEPTH} levels`, walk.cursor.position);
  const { cursor } = walk;
  while (cursor.position < end) {
    const at = cursor.position;
    const tag = await readVarint(cursor, `${name} field tag`);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    const field = schema[number];
    if (field && !field.wires.includes(wire)) throw new FormatError(`${name} field ${number} at byte ${at} has wire type ${wire}, which onnx.proto does not allow there`, at);
    if (wire === 0) {
      const value = await readVarint(cursor, `${name} field ${number}`);
      if (field?.role === 'data_location' && value === 1) walk.external++;
    } else if (wire === 1) cursor.skip(8, `${name} field ${number}`);
    else if (wire === 5) cursor.skip(4, `${name} field ${number}`);
    else if (wire === 2) {
      const length = await readVarint(cursor, `${name} field ${number} length`);
      const fieldEnd = cursor.position + length;
      if (fieldEnd > end) throw new FormatError(`${name} field ${number} at byte ${at} declares ${length} bytes, past the end of its parent at byte ${end}`, at);
      if (field?.message) await walkMessage(walk, ONNX_SCHEMA[field.message]!, field.message, fieldEnd, depth + 1);
      else if (field?.role === 'domain') walk.domains.add(await readDomain(walk, length));
      else if (field?.role === 'function_domain') walk.functionDomains.add(await readDomain(walk, length));
      else {
        if (field?.role === 'external_data') walk.external++;
        cursor.skip(length, `${name} field ${number}`);
      }
    } else throw new FormatError(`${name} field ${number} at byte ${at} has wire type ${wire}, which protobuf no longer defines`, at);
    if (cursor.position > end) throw new FormatError(`${name} field ${number} at byte ${at} runs past the end of its parent at byte ${end}`, at);
    if (!field) noteUnknown(walk, at, cursor.position);
  }
}

export async function scanOnnxFile(handle: FileHandle, size: number): Promise<FormatScan> {
  const walk: Walk = { cursor: new FileCursor(handle, size), domains: new Set(), functionDomains: new Set(), external: 0, unknown: [] };
  const findings: ScanFinding[] = [];
  try {
    await walkMessage(walk, ONNX_SCHEMA.ModelProto!, 'ModelProto', size, 0);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    findings.push(finding('malformed_onnx', 'warning', `ONNX: ${error.message}; the file was not parsed to its end`));
    // Junk that parsed as unknown fields before the failure is where a payload would start.
    const start = Math.min(error.offset, walk.unknown[0]?.start ?? size, size);
    return { status: statusOf(findings), findings, unparsed: [{ start, end: size }] };
  }
  const unknownBytes = walk.unknown.reduce((sum, r) => sum + r.end - r.start, 0);
  if (walk.unknown.length > 0) findings.push(finding('unrecognized_fields', 'warning', `ONNX: ${unknownBytes} bytes in fields that onnx.proto does not define; loaders skip them unread, so they were not checked`));
  const custom = [...walk.domains].filter((d) => !STANDARD_DOMAINS.has(d) && !walk.functionDomains.has(d));
  if (custom.length > 0) findings.push(finding('custom_operator_domain', 'warning', `ONNX: operators from ${custom.slice(0, 5).map((d) => JSON.stringify(d)).join(', ')}, which no runtime implements: running the model needs a custom-operator library, native code this file does not contain`));
  if (walk.external > 0) findings.push(finding('external_data', 'warning', `ONNX: ${walk.external} tensors keep their data in external files named by the model; those files were not scanned`));
  if (findings.length === 0) findings.push(finding('onnx_parsed', 'info', `ONNX: every field parsed to the end of the file; operator domains ${[...walk.domains].map((d) => JSON.stringify(d || 'ai.onnx')).join(', ') || 'none'}`));
  return { status: statusOf(findings), findings, unparsed: walk.unknown.length > 0 ? walk.unknown : undefined };
}
