import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The in-toto predicate type OpenSSF model_signing v1.x writes (src/model_signing/_signing/signing.py). */
export const MODEL_SIGNING_PREDICATE_TYPE = 'https://model_signing/signature/v1.0';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const SHA256_HEX = /^[0-9a-f]{64}$/;

const ZResource = z.object({ name: z.string().min(1).max(4096), algorithm: z.string(), digest: z.string() });

/** The statement as model_signing serialises it: subject = the model name and the digest of the whole manifest. */
const ZModelSigningStatement = z.object({
  _type: z.literal('https://in-toto.io/Statement/v1'),
  subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: z.string() }) })).length(1),
  predicateType: z.string(),
  predicate: z.object({
    resources: z.array(ZResource).min(1).max(100_000),
    serialization: z.object({ method: z.string(), hash_type: z.string().optional() }).passthrough(),
  }),
});

export type SignedFile = { name: string; sha256: string };
export type ModelSigningStatement = { modelName: string; files: SignedFile[]; serialization: string };

/** Reads the DSSE payload: the right payload and predicate type, and every file with a SHA-256 (shards are not files). */
export function parseModelSigningStatement(payloadType: string, payload: Buffer): ModelSigningStatement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new Error(`The envelope carries ${payloadType || 'no payload type'}, not an in-toto statement.`);
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new Error('The envelope payload is not JSON.');
  }
  const predicateType = (json as { predicateType?: unknown } | null)?.predicateType;
  if (predicateType !== MODEL_SIGNING_PREDICATE_TYPE) {
    throw new Error(`The statement's predicate type is ${typeof predicateType === 'string' ? predicateType : 'missing'}, not ${MODEL_SIGNING_PREDICATE_TYPE}: it is not a model signature.`);
  }
  const parsed = ZModelSigningStatement.safeParse(json);
  if (!parsed.success) throw new Error(`The model-signing statement is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'statement'}: ${i.message}`).join('; ')}.`);
  const { predicate, subject } = parsed.data;
  if (predicate.serialization.method !== 'files') throw new Error(`The manifest is serialised by ${predicate.serialization.method}: only per-file digests ("files") can be matched with an artifact's SHA-256.`);
  const files = predicate.resources.map((r) => {
    const digest = r.digest.toLowerCase();
    if (r.algorithm !== 'sha256' || !SHA256_HEX.test(digest)) throw new Error(`The file ${r.name} is listed with ${r.algorithm}, not a SHA-256 digest.`);
    return { name: r.name, sha256: digest };
  });
  // model_signing's subject digest is the SHA-256 of the resources' raw digests in order: a list edited apart from it is refused.
  const root = createHash('sha256');
  for (const f of files) root.update(Buffer.from(f.sha256, 'hex'));
  if (root.digest('hex') !== subject[0]!.digest.sha256.toLowerCase()) throw new Error("The statement is inconsistent: its subject digest is not the digest of the files it lists.");
  return { modelName: subject[0]!.name, files, serialization: predicate.serialization.method };
}
