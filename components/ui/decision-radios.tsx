import { REQUIRED_MARK } from './form';

/** The decision of a signing dialog: radio buttons, none chosen for the signer (an attestation is a decision made). */
export function DecisionRadios({ choices, error }: { choices: { value: string; label: string }[]; error?: string }) {
  return (
    <>
      <fieldset className="flex gap-6 text-sm">
        <legend className="mb-1 font-medium text-slate-800"><span className={REQUIRED_MARK}>Decision</span></legend>
        {choices.map((c) => (
          <label key={c.value} className="flex items-center gap-2"><input type="radio" name="decision" value={c.value} required /> {c.label}</label>
        ))}
      </fieldset>
      {error ? <p className="text-xs font-medium text-rose-700">{error}</p> : null}
    </>
  );
}
