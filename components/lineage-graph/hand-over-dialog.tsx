'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextAreaField } from '@/components/ui/form';
import { personWithEmail } from '@/lib/format/person';
import type { ActionResult } from '@/lib/http/form-action';

type Props = {
  deployment: { environment: string; endpoint: string; reporterName: string | null };
  /** Active people who may report deployments. */
  people: { id: string; name: string; email: string }[];
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

/** A risk officer names who reports at an endpoint from now on; what runs there changes only with their next report. */
export function HandOverDialog({ deployment, people, action }: Props) {
  const { environment, endpoint, reporterName } = deployment;
  return (
    <ConfirmDialog trigger="Change reporter" triggerLabel={`Change reporter of ${environment} ${endpoint}`} title={`Change who reports at ${endpoint}`} confirm="Change reporter" done="Reporter changed." action={action}>
      {(errors) => (
        <>
          <p className="text-sm text-slate-700">
            {reporterName ? <><span className="font-medium text-slate-900">{reporterName}</span> reports at this {environment} endpoint now.</> : <>No one reports at this {environment} endpoint now.</>}{' '}
            Besides the owners of the version it runs, only its reporter may change what it runs or clear its integrity flags. What runs there changes only with the new reporter&apos;s next report.
          </p>
          <SelectField label="New reporter" name="reporterId" required errors={errors} defaultValue="" options={[{ value: '', label: 'Choose…' }, ...people.map((p) => ({ value: p.id, label: personWithEmail(p) }))]} />
          <TextAreaField label="Reason" name="reason" required rows={3} errors={errors} hint="Kept in the audit trail, e.g. who runs the service and how you know." />
        </>
      )}
    </ConfirmDialog>
  );
}
