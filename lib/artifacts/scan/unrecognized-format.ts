import type { ScanFinding } from '@/db/schema/models';

/** The scan finding of bytes in no format the scanner reads: scanned, yet nothing vouches for them. */
export const UNRECOGNIZED_FORMAT = 'unrecognized_format';

/** Formats the scanner reads that hold weights without code: what to re-export a model as (never a pickle). */
export const SAFE_FORMATS = 'safetensors, ONNX or GGUF';

export const isUnrecognizedFormat = (findings: readonly ScanFinding[] | null | undefined) => (findings ?? []).some((f) => f.code === UNRECOGNIZED_FORMAT);

/** The way forward for such bytes, the same on the gate and on the version page. */
export const UNRECOGNIZED_FORMAT_ADVICE = `Uploading them again will not change that: register the model in a format the scanner reads and that runs no code on load (${SAFE_FORMATS}), or ask an administrator whether this tier's policy should allow unscanned artifacts.`;
