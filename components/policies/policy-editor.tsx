'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { humanize } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CheckboxField, FormMessage, RequiredNote, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import type { PolicyRules } from '@/db/schema';
import { EVIDENCE_KINDS } from '@/db/schema/vocabulary';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { REVIEW_CADENCE_DEFAULTS } from '@/lib/findings/deadlines';
import { FindingDeadlineFields } from './finding-deadline-fields';
import { Caption } from './caption';
import { MonitoringRulesFields } from './monitoring-rules-fields';
import type { ActionResult } from '@/lib/http/form-action';
import { SIGNING_ROLES } from '@/lib/promotion/policy-schemas';
import { SubmitButton } from '@/components/ui/submit-button';

type Props = {
  riskTier: string;
  targetStage: string;
  rules: PolicyRules;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ proposalId: string }>>;
};

const CONTROL = 'rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset';

/** Edits one policy; saving proposes the change, in force once a risk officer approves it. */
export function PolicyEditor({ riskTier, targetStage, rules, action }: Props) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const [thresholds, setThresholds] = useState(rules.metricThresholds.length || 0);
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ proposalId }) => {
    setSaved(proposalId);
    router.refresh();
  });
  const count = (role: string) => rules.requiredApprovers.find((a) => a.role === role)?.count ?? 0;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`Policy ${riskTier} to ${targetStage}`}>
      <FormMessage message={message} />
      <RequiredNote />
      {saved ? <p role="status" className="text-sm text-emerald-700">Change proposed: it is in force once a risk officer approves it (above).</p> : null}
      <input type="hidden" name="riskTier" value={riskTier} />
      <input type="hidden" name="targetStage" value={targetStage} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Required evidence</legend>
        <div className="mt-1 grid grid-cols-2 gap-1 sm:grid-cols-4">
          {EVIDENCE_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm"><input type="checkbox" name="requiredEvidenceKinds" value={kind} data-array defaultChecked={rules.requiredEvidenceKinds.includes(kind)} /> {humanize(kind)}</label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-4">
        {SIGNING_ROLES.map((role) => (
          <TextField key={role} label={`${humanize(role)} signatures`} name={`approvers.${role}`} type="number" min={0} max={5} defaultValue={count(role)} errors={errors} />
        ))}
        <TextField label="Max evidence age (days)" name="maxEvidenceAgeDays" type="number" min={1} defaultValue={rules.maxEvidenceAgeDays ?? ''} errors={errors} placeholder="No limit" />
        <TextField label="Staging/production tolerance" name="stagingProductionTolerance" type="number" step="0.001" min={0} max={1} defaultValue={rules.stagingProductionTolerance ?? ''} errors={errors} placeholder="Not checked" />
      </div>
      {errors['rules.requiredApprovers'] ? <p className="text-xs font-medium text-rose-700">{errors['rules.requiredApprovers']}</p> : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Metric thresholds</legend>
        <div className="mt-1 space-y-2">
          {Array.from({ length: thresholds }, (_, i) => {
            const t = rules.metricThresholds[i];
            return (
              <div key={i} className="grid grid-cols-[1fr_2fr_5rem_1fr] gap-2">
                <Caption text="Evidence kind">
                  <select name={`metricThresholds.${i}.kind`} aria-label={`Threshold ${i + 1} evidence kind`} defaultValue={t?.kind ?? 'performance'} className={CONTROL}>
                    {EVIDENCE_KINDS.map((k) => <option key={k} value={k}>{humanize(k)}</option>)}
                  </select>
                </Caption>
                <Caption text="Metric"><input name={`metricThresholds.${i}.metric`} aria-label={`Threshold ${i + 1} metric`} defaultValue={t?.metric ?? ''} placeholder="e.g. roc_auc" className={CONTROL} /></Caption>
                <Caption text="Condition">
                  <select name={`metricThresholds.${i}.comparator`} aria-label={`Threshold ${i + 1} comparator`} defaultValue={t?.comparator ?? 'gte'} className={CONTROL}>
                    {Object.entries(COMPARATOR_SYMBOLS).map(([v, symbol]) => <option key={v} value={v}>{symbol}</option>)}
                  </select>
                </Caption>
                <Caption text="Threshold"><input name={`metricThresholds.${i}.threshold`} aria-label={`Threshold ${i + 1} value`} type="number" step="any" defaultValue={t?.threshold ?? ''} className={CONTROL} /></Caption>
                <CheckboxField
                  className="col-span-full"
                  label={`Threshold ${i + 1}: count only a value computed from an attached tool report (a typed figure does not satisfy it)`}
                  name={`metricThresholds.${i}.computedOnly`}
                  defaultChecked={t?.computedOnly === true}
                />
              </div>
            );
          })}
        </div>
        <Button variant="secondary" className="mt-2" onClick={() => setThresholds(thresholds + 1)}>Add threshold</Button>
      </fieldset>
      {targetStage === 'production' ? (
        <>
          <MonitoringRulesFields rules={rules.monitoringRules ?? []} errors={errors} />
          <FindingDeadlineFields rules={rules} defaultCadence={REVIEW_CADENCE_DEFAULTS[riskTier as keyof typeof REVIEW_CADENCE_DEFAULTS]} errors={errors} />
          <TextField
            label="Days in staging first"
            className="sm:max-w-md"
            name="minDaysInStaging"
            type="number"
            min={0}
            max={365}
            defaultValue={rules.minDaysInStaging ?? ''}
            placeholder="Not required"
            errors={errors}
            hint="When set, only a version in staging may go to production, after this many days there (0: straight from staging). Empty: a version may go to production from development."
          />
        </>
      ) : null}
      <CheckboxField label="Allow an expedited rollback to a version approved before" name="allowExpeditedRollback" defaultChecked={rules.allowExpeditedRollback} />
      <CheckboxField label="Allow artifacts the server has not scanned (their bytes were never uploaded)" name="allowUnscanned" defaultChecked={rules.allowUnscanned === true} />
      <CheckboxField label="Require the training data in the lineage: a dataset version upstream of the version (EU AI Act Art. 10)" name="requireTrainingLineage" defaultChecked={rules.requireTrainingLineage === true} />
      <CheckboxField label="Require the system's documentation: intended use, out-of-scope uses, human oversight, limitations, ethical considerations and recommendations written (EU AI Act Art. 13)" name="requireDocumentation" defaultChecked={rules.requireDocumentation === true} />
      <TextAreaField label="Required model signers" name="requiredSignerIdentities" rows={2} defaultValue={(rules.requiredSignerIdentities ?? []).join('\n')} errors={errors} hint="One identity a line, as named in Signature trust (a key's identity, a certificate's email or URI). When set, the version's latest model signature must verify against today's trust configuration and be by one of them. Empty: no signature needed." />
      {/* Each save gives its own reason: after one, the field starts empty again. */}
      <TextAreaField key={`reason-${saved ?? 0}`} label="Reason for the change" name="reason" rows={2} required errors={errors} hint="Shown to the risk officer who decides, then kept with the new version, in the policy history and the audit trail: who asked for it, and why (a committee decision, a finding, a regulation)." />
      <SubmitButton disabled={pending || saved !== null}>{pending ? 'Proposing…' : 'Propose this change'}</SubmitButton>
    </form>
  );
}
