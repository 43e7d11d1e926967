import type { Metadata } from 'next';
import { RaiseFindingForm } from '@/components/findings/raise-finding-form';
import { PageHeader } from '@/components/ui/card';
import { FINDING_SUBJECTS, FINDING_TYPES, SEVERITIES } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { getDb } from '@/db';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { assignableUsers } from '@/lib/findings/queries';
import { NotFound } from '@/lib/errors';
import { forPage } from '@/lib/http/page-guard';
import { raiseFindingAction } from '../actions';

export const metadata: Metadata = { title: 'Raise a finding' };

/** The subject named in the link, if it exists; otherwise the form lets the person search for one. */
function prefilledSubject(params: Record<string, string | string[] | undefined>) {
  const [type, id] = [params.subjectType, params.subjectId];
  if (typeof type !== 'string' || typeof id !== 'string' || !(FINDING_SUBJECTS as readonly string[]).includes(type)) return null;
  try {
    const subject = resolveFindingSubject(getDb(), type as (typeof FINDING_SUBJECTS)[number], id);
    return { subjectType: subject.subjectType, subjectId: subject.subjectId, label: subject.label };
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

export default async function NewFindingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  forPage(() => assertCan(actor, 'finding.raise'));
  const auditOnly = actor.roles.every((role) => role === 'auditor');
  return (
    <>
      <PageHeader title="Raise a finding" description="A problem with an owner and a due date. The owner is told at once; the due date follows from the severity and the subject's policy." />
      <RaiseFindingForm subject={prefilledSubject(await searchParams)} auditOnly={auditOnly} owners={assignableUsers(actor)} vocab={{ types: FINDING_TYPES, severities: SEVERITIES, subjectTypes: FINDING_SUBJECTS }} action={raiseFindingAction} />
    </>
  );
}
