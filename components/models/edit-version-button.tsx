'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { uri: string | null; license: string; action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> };

export function EditVersionButton({ uri, license, action }: Props) {
  return (
    <ConfirmDialog trigger="Edit" title="Edit version details" confirm="Save" done="Version details saved." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">The digest and version label identify the artifact and cannot change; register a new version instead. The format is read from the uploaded bytes: uploading them again rescans them.</p>
          <TextField label="URI" name="uri" defaultValue={uri ?? ''} errors={errors} />
          <TextField label="License" name="license" defaultValue={license} errors={errors} />
        </>
      )}
    </ConfirmDialog>
  );
}
