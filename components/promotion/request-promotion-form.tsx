'use client';

import { useRouter } from 'next/navigation';
import { FormMessage, TextAreaField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = { modelVersionId: string; targetStage: 'staging' | 'production'; rollback?: boolean; defaultJustification?: string; justificationHint?: string; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> };

export function RequestPromotionForm({ modelVersionId, targetStage, rollback = false, defaultJustification, justificationHint, action }: Props) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ path }) => {
    announce(rollback ? `Rollback to ${targetStage} requested.` : `Promotion to ${targetStage} requested.`);
    router.push(path);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3">
      <FormMessage message={message} />
      <input type="hidden" name="modelVersionId" value={modelVersionId} />
      <input type="hidden" name="targetStage" value={targetStage} />
      <input type="hidden" name="rollback" value={String(rollback)} />
      <TextAreaField label={rollback ? `Justification for rolling back to ${targetStage}` : `Justification for ${targetStage}`} name="justification" required errors={errors} defaultValue={defaultJustification} hint={justificationHint} placeholder={rollback ? 'Why the current version must be replaced by this earlier one.' : 'What changed, why it is ready, what the evidence shows.'} />
      <SubmitButton disabled={pending}>{pending ? 'Submitting…' : rollback ? `Request rollback to ${targetStage}` : `Request promotion to ${targetStage}`}</SubmitButton>
    </form>
  );
}
