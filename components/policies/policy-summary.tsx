import { Facts } from '@/components/ui/card';
import type { PolicyRules, RiskTier } from '@/db/schema';
import { policyFacts } from '@/lib/promotion/policy-facts';

/** Every rule of a policy, read-only: what signers and auditors hold a request to (admins get the editor instead). */
export function PolicySummary({ riskTier, targetStage, rules }: { riskTier: Exclude<RiskTier, 'prohibited'>; targetStage: string; rules: PolicyRules }) {
  return <Facts items={policyFacts(riskTier, targetStage, rules)} />;
}
