import type { Requirement } from '@/lib/promotion/evaluate-gate';

/** Each requirement of the gate, met or not, and why. */
export function GateChecklist({ requirements }: { requirements: Requirement[] }) {
  return (
    <ul className="space-y-1.5 text-sm" data-testid="gate-checklist">
      {requirements.map((r) => (
        <li key={r.id} className="flex items-start gap-2">
          <span aria-hidden className={r.met ? 'text-emerald-600' : 'text-rose-600'}>{r.met ? '✓' : '✗'}</span>
          <span>
            <span className="font-medium text-slate-800">{r.label}</span>
            <span className="sr-only">{r.met ? ' (met)' : ' (not met)'}</span>
            <span className={r.met ? 'text-slate-500' : 'text-rose-700'}> — {r.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
