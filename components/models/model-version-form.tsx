'use client';

import { ActionForm } from '@/components/ui/action-form';
import { TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { ArtifactUploadField } from '@/components/ui/artifact-upload-field';

export function ModelVersionForm({ modelId, action }: { modelId: string; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> }) {
  return (
    <ActionForm action={action} submitLabel="Register version" done="Version registered.">
      {(errors) => (
        <>
          <input type="hidden" name="modelId" value={modelId} />
          <ArtifactUploadField />
          <TextField label="Version" name="version" errors={errors} placeholder="3.2.0" required />
          <TextField label="Artifact SHA-256" name="artifactSha256" errors={errors} mono hint="The digest of the exact bytes, as printed by sha256sum." required />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Size in bytes" name="artifactSize" type="number" min={0} errors={errors} />
            <TextField label="License" name="license" errors={errors} placeholder="Apache-2.0" />
          </div>
          <TextField label="URI" name="uri" errors={errors} placeholder="s3://models/fraud-detector/3.2.0/model.safetensors" hint="Recorded as metadata; the server never fetches it." />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="External source" name="externalSource" errors={errors} hint="For foundation models, e.g. a model hub." />
            <TextField label="External revision" name="externalRevision" errors={errors} />
          </div>
        </>
      )}
    </ActionForm>
  );
}
