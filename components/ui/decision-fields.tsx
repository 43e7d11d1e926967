'use client';

import { REQUIRED_MARK, TextAreaField, TextField } from './form';

/**
 * The fields of a signed decision in a dialog: two choices with nothing preselected, a comment (required by the
 * verb to reject) and the password again. The form sends `decision`, `comment` and `password`.
 */
export function DecisionFields({ choices, errors, commentLabel = 'Comment (required to reject)' }: { choices: [value: string, label: string][]; errors: Record<string, string>; commentLabel?: string }) {
  return (
    <>
      <fieldset className="flex gap-6 text-sm">
        <legend className="mb-1 font-medium text-slate-800"><span className={REQUIRED_MARK}>Decision</span></legend>
        {choices.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2"><input type="radio" name="decision" value={value} required /> {label}</label>
        ))}
      </fieldset>
      {errors.decision ? <p className="text-xs font-medium text-rose-700">{errors.decision}</p> : null}
      <TextAreaField label={commentLabel} name="comment" rows={3} errors={errors} />
      <TextField label="Your password" name="password" type="password" autoComplete="current-password" required errors={errors} hint="Deciding asks for your password again." />
    </>
  );
}
