import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FormatScan } from './format-scan';
import { scanOnnxFile } from './scan-onnx';
import { bytes, ONNX_MODEL, protobufField, tempDir } from './testing';

const write = tempDir();
let files = 0;
async function scanOnnx(content: Uint8Array): Promise<FormatScan> {
  const handle = await open(write(`m-${files++}.onnx`, content), 'r');
  try {
    return await scanOnnxFile(handle, content.length);
  } finally {
    await handle.close();
  }
}

const text = (tag: number, value: string) => protobufField(tag, Buffer.from(value));
const node = (opType: string, domain = '', extra: Uint8Array = Buffer.alloc(0)) => protobufField(0x0a, bytes(text(0x0a, 'x'), text(0x12, 'y'), text(0x22, opType), domain ? text(0x3a, domain) : [], extra));
/** TensorProto: dims [2], FLOAT, name, raw_data of 8 bytes; external=true adds data_location EXTERNAL and a location. */
const initializer = (external = false) =>
  protobufField(0x2a, bytes([0x08, 0x02, 0x10, 0x01], text(0x42, 'w'), external ? bytes([0x70, 0x01], protobufField(0x6a, bytes(text(0x0a, 'location'), text(0x12, '../../etc/passwd')))) : protobufField(0x4a, Buffer.alloc(8))));
const model = (graph: Uint8Array, opsets: Uint8Array[] = [protobufField(0x42, bytes([0x10, 17]))]) => bytes([0x08, 0x08], text(0x12, 'pytorch'), protobufField(0x3a, graph), ...opsets);
/** An If node whose then_branch attribute (g, field 6) is a subgraph holding `inner`. */
const ifNode = (inner: Uint8Array) => node('If', '', protobufField(0x2a, bytes(text(0x0a, 'then_branch'), protobufField(0x32, inner), [0xa0, 0x01, 0x05])));

describe('scanOnnxFile', () => {
  it('walks a model with initializers, attributes and a subgraph to its last byte: clean', async () => {
    for (const content of [ONNX_MODEL, model(bytes(node('Relu'), initializer(), ifNode(node('Relu', 'com.microsoft')), text(0x12, 'main')))]) {
      const result = await scanOnnx(content);
      expect(result.status).toBe('clean');
      expect(result.findings[0]!.code).toBe('onnx_parsed');
    }
  });

  it('reports operators of a custom domain, even inside a subgraph: they need a native custom-op library', async () => {
    const result = await scanOnnx(model(bytes(ifNode(node('Exploit', 'evil.ops'))), [protobufField(0x42, bytes([0x10, 17])), protobufField(0x42, bytes(text(0x0a, 'evil.ops'), [0x10, 1]))]));
    expect(result.status).toBe('unknown');
    expect(result.findings[0]).toMatchObject({ code: 'custom_operator_domain', message: expect.stringContaining('evil.ops') });
  });

  it('accepts a domain the model defines as a local function', async () => {
    const body = bytes(text(0x0a, 'MyFn'), node('Relu'), text(0x52, 'local.fns'));
    const fn = bytes([0xca, 0x01, body.length], body); // ModelProto.functions is field 25: a two-byte tag
    const result = await scanOnnx(bytes(model(node('MyFn', 'local.fns')), fn));
    expect(result.status).toBe('clean');
  });

  it('reports tensors whose data lives in external files', async () => {
    const result = await scanOnnx(model(bytes(node('Relu'), initializer(true))));
    expect(result.findings[0]!.code).toBe('external_data');
    expect(result.status).toBe('unknown');
  });

  it.each([
    ['trailing bytes that are not fields', bytes(ONNX_MODEL, [0xff, 0xff])],
    ['a field that runs past the end of the file', ONNX_MODEL.subarray(0, ONNX_MODEL.length - 1)],
    ['a field number onnx.proto does not define', bytes(ONNX_MODEL, text(0xfa, 'hidden payload'))],
    ['a wrong wire type for a known field', bytes([0x08, 0x08], [0x3d, 0, 0, 0, 0])],
    ['a deprecated group wire type', bytes([0x08, 0x08], [0x3b])],
    ['a subgraph longer than its node', model(bytes(protobufField(0x0a, bytes(protobufField(0x2a, bytes([0x32, 0x7f])))), []))],
  ])('does not call %s clean', async (_label, content) => {
    const result = await scanOnnx(content);
    expect(result.status).toBe('unknown');
    expect(result.unparsed?.length).toBeGreaterThan(0);
  });
});
