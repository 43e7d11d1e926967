import 'server-only';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import type { Actor } from '@/lib/auth/actor';

/** Models whose safetensors versions the demo uploads, so the server scans them: those the demo promotes through the gate. */
export const DEMO_UPLOADED_MODELS = ['credit-scorecard-gbm', 'fraud-detector'];

/** A safetensors file with one F32 tensor of 64 Ki zeros; the label in its metadata gives each version its own digest. */
function demoSafetensors(label: string): Buffer {
  const elements = 65_536;
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt', model: label }, weight: { dtype: 'F32', shape: [elements], data_offsets: [0, elements * 4] } }), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(elements * 4)]);
}

/** Uploads the bytes of each label through the artifact verb (hashed, stored by digest, scanned); returns label → digest. */
export async function uploadDemoArtifacts(actor: Actor, labels: string[]) {
  const digests = new Map<string, string>();
  for (const label of labels) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(demoSafetensors(label))]), `${label.replace('@', '-')}.safetensors`);
    const uploaded = await uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }));
    digests.set(label, uploaded.sha256);
  }
  return digests;
}
