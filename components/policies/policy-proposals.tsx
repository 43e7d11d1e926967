import { humanize } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { PolicyRules, RiskTier } from '@/db/schema';
import type { ActionResult } from '@/lib/http/form-action';
import { formatDateTime } from '@/lib/format/date-time';
import { changedRules, policyName } from '@/lib/promotion/policy-changes';
import { policyFacts } from '@/lib/promotion/policy-facts';
import { DecideProposalButton, WithdrawProposalButton } from './proposal-buttons';

type Proposal = { id: string; riskTier: string; targetStage: string; baseVersion: number; rules: PolicyRules; reason: string; createdAt: string; proposedById: string; proposer: string };
type Props = {
  proposals: Proposal[];
  /** The version in force and its rules, by `tier/stage`. */
  inForce: Map<string, { version: number; rules: PolicyRules }>;
  viewer: { userId: string; canDecide: boolean; canWithdraw: boolean };
  decide: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
  withdraw: (proposalId: string) => Promise<ActionResult<unknown>>;
};

/** Each rule the change sets otherwise, in words: what it asks now and what it would ask. */
function changedFacts(p: Proposal, now: PolicyRules | undefined) {
  const tier = p.riskTier as Exclude<RiskTier, 'prohibited'>;
  const before = new Map(now ? policyFacts(tier, p.targetStage, now) : []);
  const shown = policyFacts(tier, p.targetStage, p.rules).filter(([rule, text]) => before.get(rule) !== text).map(([rule, text]) => ({ rule, before: before.get(rule) ?? '—', after: text }));
  // A change the summary's words do not show (a monitoring rule's window or source): named, never hidden.
  if (shown.length > 0 || !now) return shown;
  return [{ rule: humanize((changedRules(now, p.rules) ?? []).join(', ')), before: 'As in the editor', after: 'Changed in details the summary does not show' }];
}

/** Changes to the gate awaiting the second line: none is in force until a risk officer other than its proposer approves it. */
export function PolicyProposals({ proposals, inForce, viewer, decide, withdraw }: Props) {
  if (proposals.length === 0) return null;
  return (
    <Card title={`Changes awaiting approval (${proposals.length})`}>
      <div className="space-y-6">
        {proposals.map((p) => {
          const policy = policyName(p);
          const now = inForce.get(`${p.riskTier}/${p.targetStage}`);
          const stale = now !== undefined && now.version !== p.baseVersion;
          return (
            <article key={p.id} id={`proposal-${p.id}`} aria-label={`Proposed change to ${policy}`} className="scroll-mt-20 space-y-3">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <h3 className="font-medium text-slate-900">{policy}: version {p.baseVersion + 1} proposed, changing version {p.baseVersion}</h3>
                  <p className="text-sm text-slate-600">Proposed by {p.proposer}, {formatDateTime(p.createdAt)}. Not in force until a risk officer approves it.</p>
                </div>
                <div className="flex gap-2">
                  {viewer.canDecide && viewer.userId !== p.proposedById ? <DecideProposalButton proposalId={p.id} policy={policy} action={decide} /> : null}
                  {viewer.canWithdraw ? <WithdrawProposalButton policy={policy} action={withdraw.bind(null, p.id)} /> : null}
                </div>
              </div>
              {stale ? <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">The policy is at version {now.version} now: this change was made to version {p.baseVersion}, so it cannot be approved. An administrator withdraws it and proposes it again.</p> : null}
              <p className="text-sm text-slate-800"><span className="font-medium">Reason:</span> {p.reason}</p>
              <Table caption={`What the change to ${policy} sets otherwise`} cardsBelow="md">
                <thead>
                  <tr><Th>Rule</Th><Th>In force{now ? ` (v${now.version})` : ''}</Th><Th>Proposed</Th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {changedFacts(p, now?.rules).map((f) => (
                    <tr key={f.rule}>
                      <Td className="font-medium text-slate-900">{f.rule}</Td>
                      <Td data-label="In force" className="whitespace-pre-line text-slate-600">{f.before}</Td>
                      <Td data-label="Proposed" className="whitespace-pre-line font-medium text-slate-900">{f.after}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </article>
          );
        })}
      </div>
    </Card>
  );
}
