import 'server-only';
import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import type { Actor } from '@/lib/auth/actor';
import type { DemoFormat } from './demo-data';

/**
 * The bytes of the demo's models: small files in each version's format, the kind the scanner reads and passes, so
 * that every version the demo promotes went through the same upload, digest and scan as a pipeline's would. The
 * label goes into each file's metadata, so that each version has its own digest.
 */

/** 64 Ki float zeros: the weights of every demo model, whatever its format (256 KiB). */
const WEIGHTS = 65_536;

/** A safetensors file with one F32 tensor of the weights. */
function safetensors(label: string): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt', model: label }, weight: { dtype: 'F32', shape: [WEIGHTS], data_offsets: [0, WEIGHTS * 4] } }), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(WEIGHTS * 4)]);
}

/** Protobuf's base-128 varint, a varint field, and a length-delimited field. */
function varint(value: number): number[] {
  const out: number[] = [];
  for (let n = value; ; n >>>= 7) {
    out.push(n > 0x7f ? (n & 0x7f) | 0x80 : n);
    if (n <= 0x7f) return out;
  }
}
const varintField = (field: number, value: number) => Buffer.from([field << 3, ...varint(value)]);
const bytesField = (field: number, payload: Buffer | string) => {
  const body = Buffer.from(payload);
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(body.length)]), body]);
};

/** An ONNX ModelProto as skl2onnx writes one: a graph with one MatMul over a 256x256 initializer, opset 17; the label is its doc string. */
function onnx(label: string): Buffer {
  const initializer = bytesField(5, Buffer.concat([varintField(1, 256), varintField(1, 256), varintField(2, 1), bytesField(8, 'W'), bytesField(9, Buffer.alloc(WEIGHTS * 4))]));
  const node = bytesField(1, Buffer.concat([bytesField(1, 'features'), bytesField(1, 'W'), bytesField(2, 'scores'), bytesField(4, 'MatMul')]));
  const graph = bytesField(7, Buffer.concat([node, bytesField(2, 'main_graph'), initializer]));
  return Buffer.concat([varintField(1, 8), bytesField(2, 'skl2onnx'), bytesField(3, '1.17.0'), bytesField(6, label), graph, bytesField(8, varintField(2, 17))]);
}

/** A pickle (protocol 3) of plain data: coefficients and a weights buffer in a dict; nothing imported, so nothing runs when it loads. */
function pickle(label: string): Buffer {
  const sized = (opcode: string, payload: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(payload.length);
    return Buffer.concat([Buffer.from(opcode), length, payload]);
  };
  const text = (value: string) => sized('X', Buffer.from(value, 'utf8'));
  const floats = [0.42, -1.3, 0.07, 2.25].map((f) => {
    const value = Buffer.alloc(9);
    value.write('G');
    value.writeDoubleBE(f, 1);
    return value;
  });
  return Buffer.concat([
    Buffer.from('\x80\x03}(', 'latin1'),
    text('model'), text(label),
    text('coefficients'), Buffer.from(']('), ...floats, Buffer.from('e'),
    text('weights'), sized('B', Buffer.alloc(WEIGHTS * 4)),
    Buffer.from('u.'),
  ]);
}

/** A torch.save archive of a state dict with one 256x256 float tensor: data.pkl rebuilds it from storage 0. */
async function pytorch(label: string): Promise<Buffer> {
  const dataPickle = Buffer.from(
    '\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01(X\x06\x00\x00\x00weightq\x02ctorch._utils\n_rebuild_tensor_v2\nq\x03' +
      '((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07J\x00\x00\x01\x00tq\x08Q' +
      'K\x00M\x00\x01M\x00\x01\x86q\tM\x00\x01K\x01\x86q\n\x89h\x00)Rq\x0btq\x0cRq\x0du.',
    'latin1',
  );
  const root = label.replace(/[^A-Za-z0-9_]/g, '_');
  // Stored, not deflated, as torch.save writes its entries.
  const zip = new yazl.ZipFile();
  const entry = { compress: false, mtime: new Date('2025-05-01T00:00:00Z') };
  zip.addBuffer(dataPickle, `${root}/data.pkl`, entry);
  zip.addBuffer(Buffer.alloc(WEIGHTS * 4), `${root}/data/0`, entry);
  zip.addBuffer(Buffer.from('3\n'), `${root}/version`, entry);
  zip.end();
  return await buffer(zip.outputStream);
}

/** A prompt-and-retrieval configuration: JSON, which no model scanner reads. */
const configuration = (label: string) => Buffer.from(JSON.stringify({ release: label, retriever: { index: 'help_centre_articles', topK: 6 }, prompt: 'answer-with-citations-v4' }, null, 2));

const BUILDERS: Record<DemoFormat, { build: (label: string) => Buffer | Promise<Buffer>; extension: string }> = {
  safetensors: { build: safetensors, extension: 'safetensors' },
  onnx: { build: onnx, extension: 'onnx' },
  pickle: { build: pickle, extension: 'pkl' },
  pytorch: { build: pytorch, extension: 'pt' },
  other: { build: configuration, extension: 'json' },
};

/** The file extension of a demo model in this format (its registry URI and its upload's name). */
export const demoFileExtension = (format: DemoFormat) => BUILDERS[format].extension;

/** Uploads the bytes of each labelled version through the artifact verb (hashed, stored by digest, scanned); returns label → digest. */
export async function uploadDemoArtifacts(actor: Actor, versions: { label: string; format: DemoFormat }[]) {
  const digests = new Map<string, string>();
  for (const { label, format } of versions) {
    const { build, extension } = BUILDERS[format];
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await build(label))]), `${label.replace('@', '-')}.${extension}`);
    const uploaded = await uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }));
    digests.set(label, uploaded.sha256);
  }
  return digests;
}
