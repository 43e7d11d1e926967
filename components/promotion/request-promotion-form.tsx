'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage, TextAreaField, useServerForm } from '@/components/ui/form';
import type { ActionResult } from '@/lib/http/form-action';

type Props = { modelVersionId: string; targetStage: 'staging' | 'production'; action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>> };

export function RequestPromotionForm({ modelVersionId, targetStage, action }: Props) {
  const router = useRouter();
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ path }) => router.push(path));
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3">
      <FormMessage message={message} />
      <input type="hidden" name="modelVersionId" value={modelVersionId} />
      <input type="hidden" name="targetStage" value={targetStage} />
      <TextAreaField label={`Justification for ${targetStage}`} name="justification" errors={errors} placeholder="What changed, why it is ready, what the evidence shows." />
      <Button type="submit" disabled={pending}>{pending ? 'Submitting…' : `Request promotion to ${targetStage}`}</Button>
    </form>
  );
}
