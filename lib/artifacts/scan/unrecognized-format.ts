import type { ScanFinding } from '@/db/schema/models';

/** The scan finding of bytes in no format the scanner reads: scanned, yet nothing vouches for them. */
export const UNRECOGNIZED_FORMAT = 'unrecognized_format';

/** What the scanner reads; anything else can pass a gate only where the tier's policy allows unscanned artifacts. */
export const SCANNED_FORMATS = 'safetensors, ONNX, GGUF, pickle or PyTorch, NumPy';

export const isUnrecognizedFormat = (findings: readonly ScanFinding[] | null | undefined) => (findings ?? []).some((f) => f.code === UNRECOGNIZED_FORMAT);

/** The way forward for such bytes, the same on the gate and on the version page. */
export const UNRECOGNIZED_FORMAT_ADVICE = `Uploading them again will not change that: register the model in a format the scanner reads (${SCANNED_FORMATS}), or ask an administrator whether this tier's policy should allow unscanned artifacts.`;
