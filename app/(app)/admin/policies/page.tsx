import type { Metadata } from 'next';
import { PolicyEditor } from '@/components/policies/policy-editor';
import { PolicySummary } from '@/components/policies/policy-summary';
import type { RiskTier } from '@/db/schema';
import { humanize } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { listPolicies } from '@/lib/promotion/policy-queries';
import { updatePolicyAction } from './actions';
import { formatDate, formatDateTime } from '@/lib/format/date-time';

export const metadata: Metadata = { title: 'Promotion policies' };

export default async function PoliciesPage() {
  const actor = await requirePageActor();
  const all = await listPolicies(actor);
  const current = all.filter((row, i) => all.findIndex((r) => r.policy.riskTier === row.policy.riskTier && r.policy.targetStage === row.policy.targetStage) === i);
  const editable = can(actor, 'policy.manage');
  return (
    <>
      <PageHeader title="Promotion policies" description="Per risk tier and target stage: the evidence, thresholds and signatures a promotion needs. Prohibited systems can never be promoted. Every edit is a new version; requests keep the version that gated them." />
      <div className="space-y-6">
        {current.map(({ policy, author }) => (
          <Card key={`${policy.riskTier}/${policy.targetStage}`} title={`${humanize(policy.riskTier)} risk → ${policy.targetStage} (v${policy.version}${author ? ` by ${author}` : ''}, ${formatDate(policy.createdAt)})`}>
            {editable ? (
              <PolicyEditor riskTier={policy.riskTier} targetStage={policy.targetStage} rules={policy.rules} action={updatePolicyAction} />
            ) : (
              <PolicySummary riskTier={policy.riskTier as Exclude<RiskTier, 'prohibited'>} targetStage={policy.targetStage} rules={policy.rules} />
            )}
          </Card>
        ))}
        <Card title="History">
          <Table caption="Policy versions">
            <thead>
              <tr><Th>Policy</Th><Th numeric>Version</Th><Th>By</Th><Th>When</Th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {all.map(({ policy, author }) => (
                <tr key={policy.id}>
                  <Td>{humanize(policy.riskTier)} risk → {policy.targetStage}</Td>
                  <Td className="text-right tabular-nums">{policy.version}</Td>
                  <Td>{author ?? 'Provenant (default policies)'}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(policy.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}
