import { formatDateTime } from '@/components/ui/format';
import type { PolicyRules } from '@/db/schema';
import { approvalProgress } from '@/lib/promotion/approval-progress';
import { humanize } from '@/lib/words';

type Signature = { signerId: string; printedName: string; role: string; decision: 'approve' | 'reject'; signedAt: string };
type Request = { status: string; required: PolicyRules['requiredApprovers']; signatures: Signature[]; subject: string; stage: string };

/** What the signer's own signature did to the request, read from the stored state (never from the address). */
export function signedMessage(signerId: string, request: Request): string | null {
  const mine = request.signatures.find((s) => s.signerId === signerId);
  if (!mine) return null;
  const signed = `You ${mine.decision === 'approve' ? 'approved' : 'rejected'} ${request.subject} as ${humanize(mine.role)} on ${formatDateTime(mine.signedAt)}.`;
  if (request.status === 'approved') return `${signed} Every required role has signed: the version is now in ${request.stage}.`;
  if (request.status === 'rejected') return `${signed} The request is closed as rejected.`;
  const { awaited } = approvalProgress(request.required, request.signatures, request.status);
  return awaited.length ? `${signed} Awaiting: ${awaited.map((a) => humanize(a.role)).join(' and ')}.` : signed;
}
