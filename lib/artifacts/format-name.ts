import type { ModelFormat } from '@/db/schema/models';

/** How an artifact format reads on pages ('other': no format of the list, or none claimed before the bytes arrived). */
const LABELS: Record<ModelFormat, string> = {
  safetensors: 'safetensors',
  onnx: 'ONNX',
  pytorch: 'PyTorch (ZIP)',
  pickle: 'pickle',
  gguf: 'GGUF',
  other: 'other',
};

export const formatName = (format: string) => LABELS[format as ModelFormat] ?? format;

/** What stored bytes were found to be, for messages: "pickle", or that no format was recognised in them. */
export const detectedFormatPhrase = (format: string) => (format === 'other' ? 'of no format the scanner recognises' : formatName(format));
