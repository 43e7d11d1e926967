import type { Metadata } from 'next';
import { PolicyEditor } from '@/components/policies/policy-editor';
import { PolicySummary } from '@/components/policies/policy-summary';
import type { RiskTier } from '@/db/schema';
import { humanize } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePageActor } from '@/lib/auth/session';
import { changedRules, policyName } from '@/lib/promotion/policy-changes';
import { listPolicies, openPolicyProposals } from '@/lib/promotion/policy-queries';
import { PolicyProposals } from '@/components/policies/policy-proposals';
import { decidePolicyProposalAction, proposePolicyAction, withdrawPolicyProposalAction } from './actions';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { DEFAULT_POLICY_AUTHOR } from '@/lib/promotion/default-policies';

export const metadata: Metadata = { title: 'Promotion policies' };

export default async function PoliciesPage() {
  const actor = await requirePageActor();
  const [all, proposals] = await Promise.all([listPolicies(actor), openPolicyProposals(actor)]);
  const current = all.filter((row, i) => all.findIndex((r) => r.policy.riskTier === row.policy.riskTier && r.policy.targetStage === row.policy.targetStage) === i);
  const editable = can(actor, 'policy.manage');
  const awaitingOf = (policy: (typeof all)[number]['policy']) => proposals.find(({ proposal }) => proposal.riskTier === policy.riskTier && proposal.targetStage === policy.targetStage);
  const previous = (policy: (typeof all)[number]['policy']) =>
    all.find((r) => r.policy.riskTier === policy.riskTier && r.policy.targetStage === policy.targetStage && r.policy.version === policy.version - 1)?.policy;
  return (
    <>
      <PageHeader title="Promotion policies" description="Per risk tier and target stage: the evidence, thresholds and signatures a promotion needs. Prohibited systems can never be promoted. An administrator proposes a change; it is in force once a risk officer approves it, as the policy's next version. Requests keep the version that gated them." />
      <div className="space-y-6">
        <PolicyProposals
          proposals={proposals.map(({ proposal, proposer }) => ({ ...proposal, proposer }))}
          inForce={new Map(current.map(({ policy }) => [`${policy.riskTier}/${policy.targetStage}`, { version: policy.version, rules: policy.rules }]))}
          viewer={{ userId: actor.userId, canDecide: can(actor, 'policy.approve'), canWithdraw: editable }}
          decide={decidePolicyProposalAction}
          withdraw={withdrawPolicyProposalAction}
        />
        {current.map(({ policy, author, approver }) => (
          <Card key={`${policy.riskTier}/${policy.targetStage}`} title={`${policyName(policy)} (v${policy.version}${author ? ` by ${author}` : ''}${approver ? `, approved by ${approver}` : ''}, ${formatDate(policy.createdAt)})`}>
            {editable && !awaitingOf(policy) ? (
              <PolicyEditor riskTier={policy.riskTier} targetStage={policy.targetStage} rules={policy.rules} action={proposePolicyAction} />
            ) : (
              // One change at a time: while one awaits a decision, everyone reads the rules in force, and nobody edits a form that cannot be sent.
              <div className="space-y-3">
                <AwaitingNote awaiting={awaitingOf(policy)} editable={editable} />
                <PolicySummary riskTier={policy.riskTier as Exclude<RiskTier, 'prohibited'>} targetStage={policy.targetStage} rules={policy.rules} />
              </div>
            )}
          </Card>
        ))}
        <Card title="History">
          <Table caption="Policy versions" cardsBelow="md">
            <thead>
              <tr><Th>Policy</Th><Th numeric>Version</Th><Th>Changed</Th><Th>Reason</Th><Th>By</Th><Th>When</Th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {all.map(({ policy, author, approver }) => {
                const changed = changedRules(previous(policy)?.rules ?? null, policy.rules);
                return (
                  <tr key={policy.id}>
                    <Td className="font-medium text-slate-900">{policyName(policy)}</Td>
                    <Td data-label="Version" className="text-right tabular-nums max-md:text-left">{policy.version}</Td>
                    <Td data-label="Changed">{changed === null ? 'First version' : changed.length ? humanize(changed.join(', ')) : 'Nothing'}</Td>
                    <Td data-label="Reason" className="max-w-md">{policy.changeReason ?? <span className="text-slate-500">Not recorded (saved before reasons were asked)</span>}</Td>
                    <Td data-label="By">{author ?? DEFAULT_POLICY_AUTHOR}{approver ? <span className="block text-xs text-slate-500">approved by {approver}</span> : null}</Td>
                    <Td data-label="When" className="whitespace-nowrap">{formatDateTime(policy.createdAt)}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}

/** Who proposed the change awaiting a decision, and when; nothing when none awaits. */
function AwaitingNote({ awaiting, editable }: { awaiting: { proposer: string; proposal: { createdAt: string } } | undefined; editable: boolean }) {
  if (!awaiting) return null;
  return (
    <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
      A change proposed by {awaiting.proposer} on {formatDate(awaiting.proposal.createdAt)} awaits a risk officer&apos;s approval (above). These rules stay in force until it is approved{editable ? '; it must be decided or withdrawn before another change can be proposed' : ''}.
    </p>
  );
}
