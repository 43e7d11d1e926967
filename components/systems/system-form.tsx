'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { humanize } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-input';
import { CheckboxField, FormMessage, RequiredNote, SelectField, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { RiskTier } from '@/db/schema';
import type { ActionResult } from '@/lib/http/form-action';
import type { RiskAnswers } from '@/lib/inventory/risk-questionnaire';
import { RiskQuestionnaireFields } from './risk-questionnaire-fields';
import { SubmitButton } from '@/components/ui/submit-button';

export type SystemFormValues = {
  name: string;
  purpose: string;
  intendedUse: string;
  outOfScopeUses: string;
  businessOwner: string;
  lifecycleStatus: string;
  deploymentContext: string;
  humanOversight: string;
  personalData: boolean;
  nextReviewDate: string | null;
  thirdParty: boolean;
  vendorName: string | null;
  vendorContract: string | null;
  vendorDataShared: string | null;
  limitations: string;
  ethicalConsiderations: string;
  recommendations: string;
  riskTier: RiskTier | null;
  riskAnswers: RiskAnswers;
};

type Props = {
  mode: 'create' | 'edit';
  initial: SystemFormValues;
  canClassify: boolean;
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ id: string }>>;
};

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <section className="grid gap-6 border-b border-slate-200 py-8 first-of-type:pt-0 md:grid-cols-3">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-sm text-slate-500">{description}</p>
      </div>
      <div className="space-y-4 md:col-span-2">{children}</div>
    </section>
  );
}

export function SystemForm({ mode, initial, canClassify, action }: Props) {
  const router = useRouter();
  const [thirdParty, setThirdParty] = useState(initial.thirdParty);
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ id }) => {
    announce(mode === 'create' ? 'System registered.' : 'Changes saved.');
    router.push(`/systems/${id}`);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-8">
      <div className="mb-6 space-y-3">
        <FormMessage message={message} />
        <RequiredNote />
      </div>
      <Section title="The system" description="What the AI system is for and who is accountable for it.">
        <TextField label="Name" name="name" defaultValue={initial.name} errors={errors} required />
        <TextAreaField label="Purpose" name="purpose" defaultValue={initial.purpose} errors={errors} required />
        <TextAreaField label="Intended use" name="intendedUse" defaultValue={initial.intendedUse} errors={errors} />
        <TextAreaField label="Out-of-scope uses" name="outOfScopeUses" defaultValue={initial.outOfScopeUses} errors={errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Business owner" name="businessOwner" defaultValue={initial.businessOwner} errors={errors} hint="The accountable business role or person." />
          <SelectField
            label="Lifecycle status"
            name="lifecycleStatus"
            defaultValue={initial.lifecycleStatus}
            errors={errors}
            options={['planned', 'development', 'active'].map((s) => ({ value: s, label: humanize(s) }))}
          />
        </div>
      </Section>
      <Section
        title="Risk classification"
        description={canClassify || mode === 'create' ? 'Answer the EU AI Act questions; the answers are kept as the rationale for the tier.' : 'Only a risk officer can change the classification.'}
      >
        <RiskQuestionnaireFields initialAnswers={initial.riskAnswers} initialTier={initial.riskTier} errors={errors} disabled={mode === 'edit' && !canClassify} />
      </Section>
      <Section title="Deployment and oversight" description="Where it runs, how people stay in control, and when it is reviewed next.">
        <TextAreaField label="Deployment context" name="deploymentContext" defaultValue={initial.deploymentContext} errors={errors} />
        <TextAreaField label="Human oversight" name="humanOversight" defaultValue={initial.humanOversight} errors={errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          <DateField label="Next review date" name="nextReviewDate" defaultValue={initial.nextReviewDate ?? ''} errors={errors} />
        </div>
        <CheckboxField label="Processes personal data" name="personalData" defaultChecked={initial.personalData} />
      </Section>
      <Section title="Third-party service" description="For AI bought as a service: the vendor, the contract and what data is shared.">
        <CheckboxField label="This is a third-party AI service" name="thirdParty" checked={thirdParty} onChange={(e) => setThirdParty(e.target.checked)} />
        {thirdParty ? (
          <>
            <TextField label="Vendor" name="vendorName" defaultValue={initial.vendorName ?? ''} errors={errors} />
            <TextField label="Contract" name="vendorContract" defaultValue={initial.vendorContract ?? ''} errors={errors} />
            <TextAreaField label="Data shared with the vendor" name="vendorDataShared" defaultValue={initial.vendorDataShared ?? ''} errors={errors} />
          </>
        ) : null}
      </Section>
      {mode === 'edit' ? (
        <Section title="AI Card narrative" description="Kept current by the owners; shown on the system’s AI Card.">
          <TextAreaField label="Limitations" name="limitations" defaultValue={initial.limitations} errors={errors} />
          <TextAreaField label="Ethical considerations" name="ethicalConsiderations" defaultValue={initial.ethicalConsiderations} errors={errors} />
          <TextAreaField label="Recommendations" name="recommendations" defaultValue={initial.recommendations} errors={errors} />
        </Section>
      ) : null}
      <div className="flex justify-end gap-3 pt-6">
        <Button variant="secondary" onClick={() => router.back()}>
          Cancel
        </Button>
        <SubmitButton disabled={pending}>
          {pending ? 'Saving…' : mode === 'create' ? 'Register system' : 'Save changes'}
        </SubmitButton>
      </div>
    </form>
  );
}
