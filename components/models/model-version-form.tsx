'use client';

import { ActionForm } from '@/components/ui/action-form';
import { TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { ArtifactUploadField } from '@/components/ui/artifact-upload-field';

type Props = {
  modelId: string;
  modelName: string;
  /** The newest version: its label is shown, its license carried over. */
  latest: { version: string; license: string | null; format: string } | null;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

/** The file name each format usually has, for the URI's example. */
const EXTENSIONS: Record<string, string> = { safetensors: 'safetensors', onnx: 'onnx', pytorch: 'pt', pickle: 'pkl', gguf: 'gguf', other: 'bin' };

const DIGEST_MISSING = 'Upload the file above, or paste its SHA-256.';

/**
 * An empty digest is missing, not malformed: the field says how to give one (the upload above fills it) rather than the
 * schema's "64 hexadecimal characters", which reads as a fault in a value never typed.
 */
export function explainMissingDigest<T>(input: Record<string, unknown>, result: ActionResult<T>): ActionResult<T> {
  if (result.ok || !result.fieldErrors.artifactSha256) return result;
  if (typeof input.artifactSha256 === 'string' && input.artifactSha256.trim() !== '') return result;
  return { ...result, fieldErrors: { ...result.fieldErrors, artifactSha256: DIGEST_MISSING } };
}

export function ModelVersionForm({ modelId, modelName, latest, action }: Props) {
  const slug = modelName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  const extension = EXTENSIONS[latest?.format ?? 'safetensors'] ?? 'bin';
  return (
    <ActionForm action={async (input) => explainMissingDigest(input, await action(input))} submitLabel="Register version" done="Version registered.">
      {(errors) => (
        <>
          <input type="hidden" name="modelId" value={modelId} />
          <ArtifactUploadField />
          <TextField label="Version" name="version" errors={errors} placeholder={latest ? `after ${latest.version}` : 'e.g. 1.0.0'} hint={latest ? `The newest version of ${modelName} is ${latest.version}.` : undefined} required />
          <TextField label="Artifact SHA-256" name="artifactSha256" errors={errors} mono hint="The digest of the exact bytes, as printed by sha256sum." required />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Size in bytes" name="artifactSize" type="number" min={0} errors={errors} />
            <TextField label="License" name="license" errors={errors} placeholder="e.g. Apache-2.0" defaultValue={latest?.license ?? undefined} hint={latest?.license ? `As ${latest.version}'s; change it if this version's differs.` : undefined} />
          </div>
          <TextField label="URI" name="uri" errors={errors} placeholder={`e.g. s3://models/${slug}/<version>/model.${extension}`} hint="Recorded as metadata; the server never fetches it." />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="External source" name="externalSource" errors={errors} hint="For foundation models, e.g. a model hub." />
            <TextField label="External revision" name="externalRevision" errors={errors} />
          </div>
        </>
      )}
    </ActionForm>
  );
}
