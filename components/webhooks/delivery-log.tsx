import Link from 'next/link';
import { formatDateTime } from '@/lib/format/date-time';
import type { ActionResult } from '@/lib/http/form-action';
import type { WebhookDeliveryRow } from '@/lib/webhooks/queries';
import { plural } from '@/lib/words';
import { DeliveryStatusBadge } from './delivery-status-badge';
import { RedeliverButton } from './endpoint-actions';

type Props = { deliveries: WebhookDeliveryRow[]; redeliver: (deliveryId: string) => () => Promise<ActionResult<unknown>>; endpointEnabled: boolean };

function AttemptLine({ attempt }: { attempt: WebhookDeliveryRow['attemptLog'][number] }) {
  const answer = attempt.httpStatus !== null ? `HTTP ${attempt.httpStatus}` : (attempt.error ?? 'No answer');
  const ok = attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300;
  return (
    <li className="text-xs">
      <span className="text-slate-500">#{attempt.attempt} <time dateTime={attempt.at} className="whitespace-nowrap">{formatDateTime(attempt.at)}</time>: </span>
      <span className={ok ? 'text-emerald-800' : 'text-rose-800'}>{answer}</span>
      <span className="whitespace-nowrap text-slate-500"> · {attempt.durationMs.toLocaleString('en')} ms</span>
    </li>
  );
}

/**
 * An endpoint's deliveries, newest first, each with every attempt (its answer or error and how long it took). A list,
 * not a table: the attempts under each delivery read at every width without sideways scrolling.
 */
export function DeliveryLog({ deliveries, redeliver, endpointEnabled }: Props) {
  return (
    <ol aria-label="Deliveries" className="divide-y divide-slate-100">
      {deliveries.map((d) => (
        <li key={d.id} className="py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-mono text-sm font-medium text-slate-900">{d.eventType}</span>
            <DeliveryStatusBadge status={d.status} />
            <span className="text-xs text-slate-500">Queued <time dateTime={d.createdAt} className="whitespace-nowrap">{formatDateTime(d.createdAt)}</time></span>
            {d.status === 'pending' ? <span className="text-xs text-slate-500">Next attempt <time dateTime={d.nextAttemptAt} className="whitespace-nowrap">{formatDateTime(d.nextAttemptAt)}</time></span> : null}
            {d.status === 'failed' ? <span className="ml-auto"><RedeliverButton eventType={d.eventType} action={redeliver(d.id)} endpointEnabled={endpointEnabled} /></span> : null}
          </div>
          {d.subject ? (
            <p className="mt-0.5 text-sm wrap-anywhere text-slate-700">
              About {d.subject.href ? <Link href={d.subject.href} className="font-medium text-indigo-700 hover:underline">{d.subject.label}</Link> : d.subject.label}
            </p>
          ) : null}
          <p className="mt-0.5 font-mono text-xs break-all text-slate-500"><span className="sr-only">webhook-id </span>{d.id}</p>
          {d.attemptLog.length === 0 ? (
            <p className="mt-1 text-xs text-slate-500">No attempt yet.</p>
          ) : (
            <ol aria-label={`${plural(d.attemptLog.length, 'attempt')} for ${d.eventType}`} className="mt-1 space-y-0.5">{d.attemptLog.map((a) => <AttemptLine key={a.id} attempt={a} />)}</ol>
          )}
        </li>
      ))}
    </ol>
  );
}
