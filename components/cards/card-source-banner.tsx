import Link from 'next/link';
import type { CardView } from '@/lib/cards/load-card';
import { cn } from '@/components/ui/cn';
import { formatDate, formatDateTime } from '@/components/ui/format';
import { signedDifferenceText } from '@/lib/cards/card-facts';

const TONES = { amber: 'border-amber-300 bg-amber-50 text-amber-950', green: 'border-emerald-300 bg-emerald-50 text-emerald-950', indigo: 'border-indigo-300 bg-indigo-50 text-indigo-950', gray: 'border-slate-300 bg-slate-50 text-slate-800' };

/** Says where the card comes from (today's record or a frozen snapshot) and whether it matches the last signed one. */
export function CardSourceBanner({ view, basePath }: { view: CardView; basePath: string }) {
  const signed = view.lastSigned;
  const signedLink = <Link href={`${basePath}?view=signed`} className="font-medium underline">view the signed card</Link>;
  // The request by who asked and when, linked: a reader has no use for its id.
  const requestLink = signed ? <Link href={`/approvals/${signed.id}`} className="font-medium underline">{signed.requester}&rsquo;s request for {signed.targetStage} of {formatDate(signed.submittedAt)}</Link> : null;
  let tone: keyof typeof TONES = 'gray';
  let message: React.ReactNode = 'This version has never been signed off: the card below is built from the record as it stands.';
  if (view.request) {
    tone = 'indigo';
    message = (
      <>
        Rendered from the snapshot frozen when request {view.request.id} ({view.request.targetStage}) was submitted on {formatDateTime(view.request.submittedAt)}, not from
        today&apos;s data. <Link href={basePath} className="font-medium underline">View the current card</Link>.
      </>
    );
  } else if (signed && view.differsFromLastSigned) {
    tone = 'amber';
    message = <>The current card differs from the last signed one{signedDifferenceText(view)}: the record changed since {requestLink} was signed. To compare, {signedLink}.</>;
  } else if (signed) {
    tone = 'green';
    message = <>The current card is identical to the one signed for {signed.targetStage} ({requestLink}); {signedLink}.</>;
  }
  return (
    <div role="status" data-testid="card-source" className={cn('mb-6 rounded-lg border px-4 py-3 text-sm', TONES[tone])}>
      <p>{message}</p>
      <p className="mt-1 text-xs">
        Card digest (SHA-256 of the canonical JSON of <code>card</code> in the JSON export): <span data-testid="card-digest" className="font-mono break-all">{view.sha256}</span>
      </p>
    </div>
  );
}
