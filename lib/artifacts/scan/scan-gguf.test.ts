import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FormatScan } from './format-scan';
import { scanGgufFile } from './scan-gguf';
import { bytes, ggufFile, tempDir, type GgufTensor } from './testing';

const write = tempDir();
let files = 0;
async function scanGguf(content: Uint8Array): Promise<FormatScan> {
  const handle = await open(write(`m-${files++}.gguf`, content), 'r');
  try {
    return await scanGgufFile(handle, content.length);
  } finally {
    await handle.close();
  }
}

const METADATA = { 'general.architecture': 'llama', 'llama.block_count': 2, 'tokenizer.ggml.tokens': ['<s>', '</s>', 'héllo'] };
/** F32 [8], Q4_0 [64, 2] (32 elements per 18-byte block), Q8_0 [32]: sizes as ggml computes them. */
const TENSORS: GgufTensor[] = [
  { name: 'token_embd.weight', shape: [8], type: 0, bytes: 32 },
  { name: 'blk.0.attn_q.weight', shape: [64, 2], type: 2, bytes: 4 * 18 },
  { name: 'output_norm.weight', shape: [32], type: 8, bytes: 34 },
];

describe('scanGgufFile', () => {
  it.each([32, 64])('parses a file laid out as GGUFWriter writes it (alignment %i) to its last byte: clean', async (alignment) => {
    const result = await scanGguf(ggufFile({ metadata: METADATA, tensors: TENSORS, alignment }));
    expect(result.status).toBe('clean');
    expect(result.findings[0]).toMatchObject({ code: 'gguf_parsed', message: expect.stringContaining('3 tensors') });
  });

  it('notes a chat template without failing the file', async () => {
    const result = await scanGguf(ggufFile({ metadata: { 'tokenizer.chat_template': '{{ messages }}' }, tensors: TENSORS }));
    expect(result.status).toBe('clean');
    expect(result.findings.map((f) => f.code)).toContain('chat_template');
  });

  it.each([
    ['a tensor not at the aligned end of the previous one', ggufFile({ tensors: [TENSORS[0]!, { ...TENSORS[2]!, offset: 40 }] })],
    ['tensors out of order', ggufFile({ tensors: [{ ...TENSORS[0]!, offset: 64 }, { ...TENSORS[2]!, offset: 0 }] })],
    ['an unknown ggml type', ggufFile({ tensors: [{ ...TENSORS[0]!, type: 99 }] })],
    ['a first dimension that is not a multiple of the block', ggufFile({ tensors: [{ name: 'q', shape: [48], type: 2, bytes: 18 }] })],
    ['two tensors with one name', ggufFile({ tensors: [TENSORS[0]!, { ...TENSORS[0]! }] })],
    ['more than four dimensions', ggufFile({ tensors: [{ name: 'x', shape: [1, 1, 1, 1, 8], type: 0, bytes: 32 }] })],
    ['data cut short', ggufFile({ tensors: TENSORS }).subarray(0, -40)],
    ['a header cut inside the metadata', ggufFile({ metadata: METADATA }).subarray(0, 40)],
    ['version 1', bytes('GGUF', [1, 0, 0, 0], Buffer.alloc(16))],
    ['a big-endian file', bytes('GGUF', [0, 0, 0, 3], Buffer.alloc(16))],
    ['a non-power-of-two alignment', ggufFile({ tensors: TENSORS, alignment: 48 })],
    ['bytes after the last tensor', bytes(ggufFile({ tensors: TENSORS }), Buffer.alloc(64))],
    ['padding that is not zeros', (() => {
      const file = ggufFile({ tensors: [{ name: 'w', shape: [3], type: 0, bytes: 12 }] });
      file[file.length - 1] = 0x2e;
      return file;
    })()],
  ])('does not call %s clean', async (_label, content) => {
    const result = await scanGguf(content);
    expect(result.status).toBe('unknown');
    expect(result.findings[0]!.severity).toBe('warning');
    expect(result.unparsed?.length).toBe(1);
  });
});
