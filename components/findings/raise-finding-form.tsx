'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormMessage, RequiredNote, SelectField, TextAreaField, TextField, useServerForm } from '@/components/ui/form';
import { announce } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/http/form-action';
import { humanize } from '@/lib/words';
import { SubjectPicker } from './subject-picker';
import { SubmitButton } from '@/components/ui/submit-button';

type SubjectType = 'system' | 'model_version' | 'dataset_version';
type Subject = { subjectType: SubjectType; subjectId: string; label: string };
type Props = {
  /** Prefilled from the page the person came from (?subjectType=&subjectId=). */
  subject: Subject | null;
  /** An auditor raises audit findings only. */
  auditOnly: boolean;
  owners: { id: string; name: string }[];
  /** The vocabularies, from the schema on the server (the client bundle stays free of the database code). */
  vocab: { types: readonly string[]; severities: readonly string[]; subjectTypes: readonly SubjectType[] };
  action: (input: Record<string, unknown>) => Promise<ActionResult<{ path: string }>>;
};

const options = (values: readonly string[]) => values.map((value) => ({ value, label: humanize(value) }));

export function RaiseFindingForm({ subject, auditOnly, owners, vocab, action }: Props) {
  const router = useRouter();
  const [subjectType, setSubjectType] = useState<SubjectType>(subject?.subjectType ?? 'system');
  const { onSubmit, pending, errors, message } = useServerForm(action, ({ path }) => {
    announce('Finding raised.');
    router.push(path);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5">
      <RequiredNote />
      <FormMessage message={message} />
      {subject ? (
        <div>
          <p className="text-sm font-medium text-slate-800">Subject</p>
          <p className="mt-1 text-sm text-slate-900">{humanize(subject.subjectType)}: <strong>{subject.label}</strong></p>
          <input type="hidden" name="subjectType" value={subject.subjectType} />
          <input type="hidden" name="subjectId" value={subject.subjectId} />
        </div>
      ) : (
        <>
          <SelectField label="Subject type" name="subjectType" errors={errors} required value={subjectType} onChange={(e) => setSubjectType(e.target.value as SubjectType)} options={options(vocab.subjectTypes)} />
          <SubjectPicker subjectType={subjectType} error={errors.subjectIds ?? errors.subjectId} />
        </>
      )}
      <TextField label="Title" name="title" errors={errors} required maxLength={200} />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField label="Type" name="type" errors={errors} required defaultValue={auditOnly ? 'audit_finding' : 'validation_issue'} options={options(auditOnly ? ['audit_finding'] : vocab.types)} hint={auditOnly ? 'As an auditor you raise audit findings.' : undefined} />
        <SelectField label="Severity" name="severity" errors={errors} required defaultValue="medium" options={options(vocab.severities)} hint="Sets the due date, from the deadlines of the subject's policy." />
      </div>
      <TextAreaField label="Description" name="description" errors={errors} required rows={5} hint="What is wrong, where it shows, and how it was found." />
      <TextAreaField label="Remediation plan" name="remediationPlan" errors={errors} rows={3} hint="Optional now; the owner can write it later." />
      <SelectField label="Owner" name="ownerId" errors={errors} defaultValue="" options={[{ value: '', label: "The subject's owner" }, ...owners.map((o) => ({ value: o.id, label: o.name }))]} />
      <SubmitButton disabled={pending}>{pending ? 'Raising…' : 'Raise finding'}</SubmitButton>
    </form>
  );
}
