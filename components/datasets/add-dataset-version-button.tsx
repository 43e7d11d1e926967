'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';
import { ArtifactUploadField } from '@/components/ui/artifact-upload-field';

export function AddDatasetVersionButton({ action }: { action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmDialog trigger="Add version" title="Register a dataset version" confirm="Register" done="Dataset version registered." action={action}>
      {(errors) => (
        <>
          <TextField label="Version" name="version" errors={errors} placeholder="e.g. 2025-12" required />
          <ArtifactUploadField fields={{ sha256: 'sha256', size: 'size' }} of="dataset" />
          <TextField label="SHA-256" name="sha256" errors={errors} hint="Digest of the snapshot's bytes, if it is a file." />
          <TextField label="Size in bytes" name="size" type="number" min={0} errors={errors} />
          <TextField label="URI" name="uri" errors={errors} />
        </>
      )}
    </ConfirmDialog>
  );
}
