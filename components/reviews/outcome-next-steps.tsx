import type { ReviewOutcome } from '@/db/schema';

const NEXT_STEPS: Partial<Record<ReviewOutcome, string>> = {
  continue_with_conditions: 'The system continues under the conditions above. Its owner meets them, tracked as a finding until a risk officer who never owned it closes it; the next review checks they were met.',
  restrict:
    'The system is restricted as stated above. Provenant does not restrict it by itself: its owner narrows the intended use and deployment context (Edit on the system page) and the teams running it apply the restriction; the next review checks it holds.',
  retire:
    'The review decided to retire this system. Provenant does not retire it by itself: its owner or a risk officer retires it from the system page (Retire), after which its records are read-only; take its versions out of service first.',
};

/** What an outcome asks of people next: outcomes are recorded, never acted on automatically. */
export function OutcomeNextSteps({ outcome, conditions }: { outcome: ReviewOutcome; conditions: string }) {
  const next = NEXT_STEPS[outcome];
  if (!next) return null;
  return (
    <div role="note" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="outcome-next-steps">
      {conditions ? <p className="mb-1 whitespace-pre-line"><span className="font-medium">{outcome === 'restrict' ? 'Restrictions' : 'Conditions'}:</span> {conditions}</p> : null}
      <p>{next}</p>
    </div>
  );
}
