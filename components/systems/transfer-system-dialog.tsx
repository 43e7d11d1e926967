'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextAreaField } from '@/components/ui/form';
import { personWithEmail } from '@/lib/format/person';
import type { ActionResult } from '@/lib/http/form-action';

type Props = {
  owner: { id: string; name: string };
  /** Active data scientists, who may do an owner's work, the owner left out. */
  people: { id: string; name: string; email: string }[];
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
};

/** The owner or a risk officer gives the system to someone else; the owner the page showed travels with the form. */
export function TransferSystemDialog({ owner, people, action }: Props) {
  return (
    <ConfirmDialog trigger="Transfer" title="Give this system a new owner" confirm="Transfer" done="System transferred." action={action}>
      {(errors) => (
        <>
          <input type="hidden" name="fromOwnerId" value={owner.id} />
          <p className="text-sm text-slate-700">
            <span className="font-medium text-slate-900">{owner.name}</span> owns this system now. The new owner edits it, answers for its models and the endpoints its owner reported them at, and is told of its reviews. Its findings keep their owners. Its open promotion requests close: the new owner asks again.
          </p>
          <SelectField label="New owner" name="ownerId" required errors={errors} defaultValue="" options={[{ value: '', label: 'Choose…' }, ...people.map((p) => ({ value: p.id, label: personWithEmail(p) }))]} />
          <TextAreaField label="Reason" name="reason" required rows={3} errors={errors} hint="Kept in the audit trail, e.g. who leaves or which team takes the system over." />
        </>
      )}
    </ConfirmDialog>
  );
}
