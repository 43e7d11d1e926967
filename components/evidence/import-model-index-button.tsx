'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextAreaField } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { modelVersionId: string; artifactSha256: string; action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>> };

/** An import stores every metric or none: each field it could not read is listed with its place in the card. */
function UnreadableMetrics({ errors }: { errors: Record<string, string> }) {
  const unreadable = Object.entries(errors).filter(([path]) => path.startsWith('model-index.'));
  if (unreadable.length === 0) return null;
  return (
    <ul aria-label="Fields that could not be read" className="max-h-40 space-y-1 overflow-y-auto text-xs text-red-700">
      {unreadable.map(([path, message]) => (
        <li key={path}>
          <code className="font-mono">{path}</code>: {message}
        </li>
      ))}
    </ul>
  );
}

export function ImportModelIndexButton({ modelVersionId, artifactSha256, action }: Props) {
  return (
    <ConfirmDialog trigger="Import model-index" title="Import Hugging Face model-index results" confirm="Import" done="Model-index results imported." action={action}>
      {(errors) => (
        <>
          <input type="hidden" name="modelVersionId" value={modelVersionId} />
          <input type="hidden" name="artifactSha256" value={artifactSha256} />
          <SelectField label="Environment" name="environment" errors={errors} options={[{ value: 'staging', label: 'Staging' }, { value: 'production', label: 'Production' }]} />
          <TextAreaField label="Model card or model-index (YAML or JSON)" name="content" rows={10} errors={errors} mono required placeholder={'model-index:\n- name: my-model\n  results:\n  - task: {type: text-classification}\n    metrics:\n    - {type: accuracy, value: 0.93}'} />
          <UnreadableMetrics errors={errors} />
        </>
      )}
    </ConfirmDialog>
  );
}
