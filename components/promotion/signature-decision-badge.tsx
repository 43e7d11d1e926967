import { Badge } from '@/components/ui/badge';
import { decisionLabel } from '@/lib/promotion/signature-words';

type Signed = { decision: 'approve' | 'reject'; conditions?: string };

/** Approved (with conditions, when its signer stated some) or rejected: one badge wherever a signature is listed. */
export function SignatureDecisionBadge({ signature }: { signature: Signed }) {
  return <Badge tone={signature.decision === 'reject' ? 'red' : signature.conditions ? 'amber' : 'green'}>{decisionLabel(signature)}</Badge>;
}
