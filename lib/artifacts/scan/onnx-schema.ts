/**
 * The parts of onnx.proto the scanner walks: for each message, its field numbers with the wire types they may use
 * (repeated numbers may be packed), and which fields are messages to descend into. Fields not listed are unknown
 * to every ONNX loader, so bytes in them are bytes nobody checked.
 */
export type FieldRole = 'domain' | 'function_domain' | 'data_location' | 'external_data';
export type Field = { wires: readonly number[]; message?: string; role?: FieldRole };
export type MessageSchema = Record<number, Field>;

const VARINT = [0];
const BYTES = [2];
const FIXED32 = [5];
const PACKED_VARINT = [0, 2];
const PACKED_FIXED32 = [5, 2];
const PACKED_FIXED64 = [1, 2];
const sub = (message: string): Field => ({ wires: BYTES, message });
const plain = (wires: readonly number[]): Field => ({ wires });

export const ONNX_SCHEMA: Record<string, MessageSchema> = {
  ModelProto: {
    1: plain(VARINT), 2: plain(BYTES), 3: plain(BYTES), 4: plain(BYTES), 5: plain(VARINT), 6: plain(BYTES),
    7: sub('GraphProto'), 8: sub('OperatorSetIdProto'), 14: plain(BYTES), 20: plain(BYTES), 25: sub('FunctionProto'), 26: plain(BYTES),
  },
  OperatorSetIdProto: { 1: { wires: BYTES, role: 'domain' }, 2: plain(VARINT) },
  GraphProto: {
    1: sub('NodeProto'), 2: plain(BYTES), 5: sub('TensorProto'), 10: plain(BYTES), 11: plain(BYTES), 12: plain(BYTES),
    13: plain(BYTES), 14: plain(BYTES), 15: plain(BYTES), 16: plain(BYTES),
  },
  NodeProto: {
    1: plain(BYTES), 2: plain(BYTES), 3: plain(BYTES), 4: plain(BYTES), 5: sub('AttributeProto'), 6: plain(BYTES),
    7: { wires: BYTES, role: 'domain' }, 8: plain(BYTES), 9: plain(BYTES), 10: plain(BYTES),
  },
  AttributeProto: {
    1: plain(BYTES), 2: plain(FIXED32), 3: plain(VARINT), 4: plain(BYTES), 5: sub('TensorProto'), 6: sub('GraphProto'),
    7: plain(PACKED_FIXED32), 8: plain(PACKED_VARINT), 9: plain(BYTES), 10: sub('TensorProto'), 11: sub('GraphProto'),
    13: plain(BYTES), 14: plain(BYTES), 15: plain(BYTES), 20: plain(VARINT), 21: plain(BYTES), 22: plain(BYTES), 23: plain(BYTES),
  },
  TensorProto: {
    1: plain(PACKED_VARINT), 2: plain(VARINT), 3: plain(BYTES), 4: plain(PACKED_FIXED32), 5: plain(PACKED_VARINT), 6: plain(BYTES),
    7: plain(PACKED_VARINT), 8: plain(BYTES), 9: plain(BYTES), 10: plain(PACKED_FIXED64), 11: plain(PACKED_VARINT), 12: plain(BYTES),
    13: { wires: BYTES, role: 'external_data' }, 14: { wires: VARINT, role: 'data_location' }, 16: plain(BYTES),
  },
  FunctionProto: {
    1: plain(BYTES), 4: plain(BYTES), 5: plain(BYTES), 6: plain(BYTES), 7: sub('NodeProto'), 8: plain(BYTES), 9: sub('OperatorSetIdProto'),
    10: { wires: BYTES, role: 'function_domain' }, 11: sub('AttributeProto'), 12: plain(BYTES), 13: plain(BYTES), 14: plain(BYTES),
  },
};

/** Operator domains every ONNX runtime implements itself; any other needs a custom-op library loaded as native code. */
export const STANDARD_DOMAINS: ReadonlySet<string> = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental']);
