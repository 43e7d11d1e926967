import type { Requirement } from '@/lib/promotion/evaluate-gate';

function mark(r: Requirement) {
  if (!r.met) return { symbol: '✗', tone: 'text-rose-600', text: 'text-rose-700', sr: ' (not met)' };
  // Met only because the policy allows it (an unscanned artifact): a caution, never a green tick.
  if (r.warning) return { symbol: '!', tone: 'text-amber-600', text: 'text-amber-800', sr: ' (allowed by policy, not checked)' };
  return { symbol: '✓', tone: 'text-emerald-600', text: 'text-slate-500', sr: ' (met)' };
}

/** Each requirement of the gate, met or not, and why, with the evidence record it was judged on. */
export function GateChecklist({ requirements }: { requirements: Requirement[] }) {
  return (
    <ul className="space-y-1.5 text-sm" data-testid="gate-checklist">
      {requirements.map((r) => {
        const m = mark(r);
        return (
          <li key={r.id} className="flex items-start gap-2">
            <span aria-hidden className={m.tone}>{m.symbol}</span>
            <span>
              <span className="font-medium text-slate-800">{r.label}</span>
              <span className="sr-only">{m.sr}</span>
              <span className={m.text}> — {r.detail}</span>
              {r.records?.length ? (
                <span className="block text-xs text-slate-500" data-testid="gate-record">
                  {r.records.map((rec) => (
                    <span key={rec.evaluationId} className="mr-3">
                      record <span className="font-mono" title={rec.evaluationId}>{rec.evaluationId.slice(0, 8)}</span> received {rec.receivedAt.replace('T', ' ').slice(0, 19)} UTC
                    </span>
                  ))}
                </span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
