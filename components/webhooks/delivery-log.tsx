import { Table, Td, Th } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date-time';
import type { ActionResult } from '@/lib/http/form-action';
import type { WebhookDeliveryRow } from '@/lib/webhooks/queries';
import { plural } from '@/lib/words';
import { DeliveryStatusBadge } from './delivery-status-badge';
import { RedeliverButton } from './endpoint-actions';

type Props = { deliveries: WebhookDeliveryRow[]; redeliver: (deliveryId: string) => () => Promise<ActionResult<unknown>> };

function AttemptLine({ attempt }: { attempt: WebhookDeliveryRow['attemptLog'][number] }) {
  const answer = attempt.httpStatus !== null ? `HTTP ${attempt.httpStatus}` : (attempt.error ?? 'No answer');
  const ok = attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300;
  return (
    <li className="text-xs">
      <span className="text-slate-500">#{attempt.attempt} <time dateTime={attempt.at} className="whitespace-nowrap">{formatDateTime(attempt.at)}</time>: </span>
      <span className={ok ? 'text-emerald-800' : 'text-rose-800'}>{answer}</span>
      <span className="text-slate-500"> in {attempt.durationMs.toLocaleString('en')} ms</span>
    </li>
  );
}

/** An endpoint's deliveries, newest first, each with every attempt: its answer or error and how long it took. */
export function DeliveryLog({ deliveries, redeliver }: Props) {
  return (
    <Table caption="Deliveries">
      <thead>
        <tr><Th>Event</Th><Th>Queued</Th><Th>Status</Th><Th>Attempts</Th><Th>Next attempt</Th><Th><span className="sr-only">Actions</span></Th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {deliveries.map((d) => (
          <tr key={d.id} className="align-top">
            <Td><p className="font-mono text-xs text-slate-900">{d.eventType}</p><p className="font-mono text-xs text-slate-500" title="webhook-id">{d.id}</p></Td>
            <Td className="whitespace-nowrap"><time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time></Td>
            <Td><DeliveryStatusBadge status={d.status} /></Td>
            <Td>
              {d.attemptLog.length === 0 ? <span className="text-xs text-slate-500">None yet</span> : (
                <>
                  <span className="sr-only">{plural(d.attemptLog.length, 'attempt')}</span>
                  <ol className="space-y-1">{d.attemptLog.map((a) => <AttemptLine key={a.id} attempt={a} />)}</ol>
                </>
              )}
            </Td>
            <Td className="whitespace-nowrap">{d.status === 'pending' ? <time dateTime={d.nextAttemptAt}>{formatDateTime(d.nextAttemptAt)}</time> : '—'}</Td>
            <Td className="text-right">{d.status === 'failed' ? <RedeliverButton eventType={d.eventType} action={redeliver(d.id)} /> : null}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
