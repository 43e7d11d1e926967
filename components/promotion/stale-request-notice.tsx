import { Button } from '@/components/ui/button';
import type { Requirement } from '@/lib/promotion/evaluate-gate';
import { staleRequestMessage } from '@/lib/promotion/request-staleness';
import { GateChecklist, type RecordLink } from './gate-checklist';

type Props = {
  changed: string[];
  unmetNow: Requirement[];
  records: Map<string, RecordLink>;
  /** Offered to a signer: the Sign button, shown disabled and described by this notice. */
  signer: boolean;
  requester: boolean;
};

/**
 * The record no longer hashes to the submitted snapshot: nobody can sign it, and here is why and what to do. Or the
 * record is as submitted but the gate fails today (`changed` empty): no approval until it passes again.
 */
export function StaleRequestNotice({ changed, unmetNow, records, signer, requester }: Props) {
  const recordChanged = changed.length > 0;
  return (
    <section aria-labelledby="stale-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950" data-testid="stale-request">
      <h2 id="stale-title" className="font-semibold">{recordChanged ? 'This request can no longer be signed' : 'This request cannot be approved today'}</h2>
      <p id="stale-why" className="mt-1">
        {recordChanged
          ? staleRequestMessage(changed)
          : 'The record is as submitted, but the gate no longer passes under the request’s policy (evidence ages, findings upstream and trusted keys change without the card changing). It cannot be approved as it stands; a rejection can be signed now.'}
        {requester ? (recordChanged ? ' Withdraw it, then request the promotion again from the version page.' : ' Withdraw it, meet what the gate now asks (fresh evidence, a finding closed), then request the promotion again.') : ''}
      </p>
      {unmetNow.length > 0 ? (
        <>
          <h3 className="mt-3 font-medium">The gate now says</h3>
          <GateChecklist requirements={unmetNow} records={records} />
        </>
      ) : (
        <p className="mt-2">The gate still passes today, so a new request can be submitted at once.</p>
      )}
      {signer && recordChanged ? (
        <Button className="mt-3" disabled aria-describedby="stale-why">Sign</Button>
      ) : null}
    </section>
  );
}
