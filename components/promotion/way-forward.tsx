import Link from 'next/link';
import type { NextStep } from '@/lib/promotion/way-forward';

/**
 * While the gate fails: the request button, disabled but focusable (aria-disabled, so its reason is read out), and
 * what to do first, each step a link to where it is done.
 */
export function WayForward({ target, rollback, steps }: { target: string; rollback: boolean; steps: NextStep[] }) {
  const id = `way-forward-${target}`;
  return (
    <div className="mt-3 space-y-2" data-testid="way-forward">
      <button
        type="button"
        aria-disabled="true"
        aria-describedby={id}
        className="inline-flex cursor-not-allowed items-center rounded-md bg-slate-200 px-3 py-2 text-sm font-medium text-slate-600 shadow-xs"
      >
        {rollback ? `Request rollback to ${target}` : `Request promotion to ${target}`}
      </button>
      <div id={id} className="text-sm text-slate-700">
        <p>The gate does not pass yet. To request {rollback ? 'the rollback' : 'promotion'}:</p>
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {steps.map((s) => (
            <li key={s.requirementId}>
              {s.href ? <Link href={s.href} className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700">{s.action}</Link> : <span className="font-medium text-slate-800">{s.action}</span>}
              <span className="text-slate-500"> — {s.detail}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
