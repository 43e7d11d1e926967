import type { Metadata } from 'next';
import { PackList } from '@/components/evidence-packs/pack-list';
import { PackRequestForm } from '@/components/evidence-packs/pack-request-form';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { listEvidencePacks, packScopeChoices } from '@/lib/packs/queries';

export const metadata: Metadata = { title: 'Evidence packs' };

export default async function EvidencePacksPage() {
  const actor = await requirePageActor();
  const mayGenerate = can(actor, 'pack.generate');
  const mayRead = can(actor, 'audit.read');
  return (
    <>
      <PageHeader
        eyebrow="Audit trail"
        title="Evidence packs"
        description="A PDF for the regulator (cover with the audit chain head, contents, inventory, per-version lineage, evidence, promotions with every signature, deployments and audit events) and a ZIP with every record as JSON, the attachments and a SHA256SUMS manifest."
        actions={mayRead ? <ButtonLink href="/audit" variant="secondary">Audit trail</ButtonLink> : undefined}
      />
      {!mayGenerate && !mayRead ? (
        <EmptyState title="Evidence packs are for risk officers, auditors and admins">Your roles do not allow generating or reading evidence packs.</EmptyState>
      ) : null}
      {mayGenerate ? (
        <Card title="Generate a pack" className="mb-6">
          <PackRequestForm {...await packScopeChoices(actor)} />
        </Card>
      ) : null}
      {mayRead ? <PackList initial={await listEvidencePacks(actor, { page: 1, pageSize: 25 })} /> : null}
    </>
  );
}
