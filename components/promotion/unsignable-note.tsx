import { inWords } from '@/lib/words';

/**
 * A request whose card changed since it was submitted, as every list says it: what changed and, for its requester,
 * the only way forward (the request's own page says it at length, see StaleRequestNotice).
 */
export function UnsignableNote({ changed, requester = false }: { changed: string[]; requester?: boolean }) {
  return (
    <span className="font-medium text-amber-800">
      Can no longer be signed: {inWords(changed)} changed since {requester ? 'you submitted it. Withdraw it and request again.' : 'submission. The requester withdraws it and asks again.'}
    </span>
  );
}
