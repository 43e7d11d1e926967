import type { Metadata } from 'next';
import { RaiseFindingForm } from '@/components/findings/raise-finding-form';
import { PageHeader } from '@/components/ui/card';
import { FINDING_SUBJECTS, HAND_RAISED_FINDING_TYPES, SEVERITIES } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { assignableUsers, prefilledSubject } from '@/lib/findings/queries';
import { forPage } from '@/lib/http/page-guard';
import { raiseFindingAction } from '../actions';

export const metadata: Metadata = { title: 'Raise a finding' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function NewFindingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  await forPage(() => assertCan(actor, 'finding.raise'));
  const params = await searchParams;
  const subject = await prefilledSubject(actor, first(params.subjectType), first(params.subjectId));
  const auditOnly = actor.roles.every((role) => role === 'auditor');
  const types = actor.roles.includes('auditor') ? HAND_RAISED_FINDING_TYPES : HAND_RAISED_FINDING_TYPES.filter((type) => type !== 'audit_finding');
  return (
    <>
      <PageHeader title="Raise a finding" description="A problem with an owner and a due date. The owner is told at once; the due date follows from the severity and the subject's policy." />
      <RaiseFindingForm subject={subject} auditOnly={auditOnly} owners={await assignableUsers(actor)} vocab={{ types, severities: SEVERITIES, subjectTypes: FINDING_SUBJECTS }} action={raiseFindingAction} />
    </>
  );
}
