import type { ModelFormat } from '@/db/schema/models';

/** How a detected artifact format reads on pages and in messages ('other': the scanner recognised no format it parses). */
const LABELS: Record<ModelFormat, string> = {
  safetensors: 'safetensors',
  onnx: 'ONNX',
  pytorch: 'PyTorch (ZIP)',
  pickle: 'pickle',
  gguf: 'GGUF',
  other: 'other (not recognised)',
};

export const formatName = (format: string) => LABELS[format as ModelFormat] ?? format;
