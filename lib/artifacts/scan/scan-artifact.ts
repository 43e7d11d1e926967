/**
 * Scans an artifact file on disk without loading it: the format comes from the bytes, pickles (plain or inside a
 * PyTorch ZIP) are disassembled, never unpickled, and safetensors headers are validated. Files are read with
 * positional reads and streams, so memory stays flat whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ModelFormat, ScanFinding, ScanStatus } from '@/db/schema/models';
import { HEAD_BYTES, sniffFormat } from './detect-format';
import { readAt } from './read-at';
import { scanArchive } from './scan-archive';
import { scanPickleStream } from './scan-pickle';
import { scanSafetensorsFile } from './scan-safetensors';

export type { ModelFormat, ScanFinding, ScanStatus };
export type ArtifactScan = { status: ScanStatus; findings: ScanFinding[] };
export type ArtifactScanResult = { format: ModelFormat; scan: ArtifactScan };

/** torch.save's legacy (pre-ZIP) format: a pickled magic number first, then four more pickles, then raw storages. */
const LEGACY_TORCH_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];
const LEGACY_TORCH_PICKLES = 5;

async function scanPickleFile(filePath: string, head: Uint8Array): Promise<ArtifactScan> {
  const legacy = LEGACY_TORCH_MAGIC.every((byte, i) => head[i] === byte);
  const stream = createReadStream(filePath, { highWaterMark: 64 * 1024 });
  try {
    const { status, findings } = await scanPickleStream(stream, legacy ? { maxStreams: LEGACY_TORCH_PICKLES } : {});
    if (legacy) {
      const message = `legacy torch.save file: its ${LEGACY_TORCH_PICKLES} pickles were scanned; the raw storage bytes after them are never unpickled`;
      findings.push({ code: 'legacy_torch_format', severity: 'info', message });
    }
    return { status, findings };
  } finally {
    stream.destroy();
  }
}

const info = (code: string, message: string): ArtifactScan => ({ status: 'clean', findings: [{ code, severity: 'info', message }] });

export async function scanArtifact(filePath: string): Promise<ArtifactScanResult> {
  const handle = await open(filePath, 'r');
  try {
    const size = (await handle.stat()).size;
    const head = await readAt(handle, Math.min(HEAD_BYTES, size), 0);
    switch (sniffFormat(head, size)) {
      case 'zip':
        return await scanArchive(filePath);
      case 'pickle':
        return { format: 'pickle', scan: await scanPickleFile(filePath, head) };
      case 'safetensors':
        return { format: 'safetensors', scan: await scanSafetensorsFile(handle, size) };
      case 'gguf':
        return { format: 'gguf', scan: info('no_code_in_format', 'GGUF: tensors and typed metadata only, nothing in the format runs code; a chat template in the metadata is not checked') };
      case 'onnx':
        return { format: 'onnx', scan: info('no_code_in_format', 'ONNX: a graph of declared operators with no serialized code; custom operator domains and external-data paths are not checked') };
      case 'other': {
        const message = 'format not recognised from the bytes (not a pickle, PyTorch ZIP, safetensors, ONNX or GGUF file); nothing was scanned';
        return { format: 'other', scan: { status: 'unknown', findings: [{ code: 'unrecognized_format', severity: 'warning', message }] } };
      }
    }
  } finally {
    await handle.close();
  }
}
