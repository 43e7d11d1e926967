import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState } from '@/components/ui/card';
import type { FindingSubject } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { subjectFindings } from '@/lib/findings/queries';
import { plural } from '@/lib/words';
import { FindingsTable } from './findings-table';

/** `live`: false for a retired system's records, on which nothing new is raised (the verb refuses it). */
type Props = { actor: Actor; subjectType: Extract<FindingSubject, 'system' | 'model_version'>; subjectId: string; live: boolean };

/**
 * The findings section of a system page (every finding of the system) or a model version page (its own), still
 * active ones first, with a way to raise one prefilled with this subject.
 */
export async function SubjectFindings({ actor, subjectType, subjectId, live }: Props) {
  const scope = subjectType === 'system' ? { systemId: subjectId } : { subjectType, subjectId };
  const { items, total } = await subjectFindings(actor, scope);
  const allHref = `/findings?status=all&${new URLSearchParams(subjectType === 'system' ? { systemId: subjectId } : { subjectType, subjectId })}`;
  const raise = live && can(actor, 'finding.raise') ? <ButtonLink href={`/findings/new?subjectType=${subjectType}&subjectId=${subjectId}`} variant="secondary">Raise a finding</ButtonLink> : null;
  return (
    <Card title="Findings" actions={raise}>
      {total === 0 ? (
        <EmptyState title="No findings">{`Nothing has been raised on this ${subjectType === 'system' ? 'system' : 'version'}.${live ? ' Raise a finding when validation, monitoring or an audit shows a problem.' : ''}`}</EmptyState>
      ) : (
        <>
          <FindingsTable items={items} caption={`Findings on this ${subjectType === 'system' ? 'system' : 'version'}`} showSubject={subjectType === 'system'} />
          {total > items.length ? <p className="mt-3 text-sm"><Link href={allHref} className="text-indigo-700 underline">All {plural(total, 'finding')}</Link></p> : null}
        </>
      )}
    </Card>
  );
}
