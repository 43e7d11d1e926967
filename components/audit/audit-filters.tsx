import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { ISO_DATE_INPUT } from '@/components/ui/iso-date-input';
import { AUDIT_ACTIONS, auditActionSubject, auditActionWords } from '@/lib/audit/actions';
import { AUDITED_ENTITY_TYPES, entityKind } from '@/lib/audit/ledger-entity';

/** The ledger's filters; actions are named in words, grouped by the kind of record they are done to. A record's history (`about`) stays while the others change. */
export function AuditFilters({ values }: { values: Record<string, string | undefined> }) {
  return (
    <FilterForm resetHref="/audit" keep={{ about: values.about }}>
      <FilterSelect label="Action" name="action" value={values.action} allLabel="All actions" options={AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionWords(a), group: auditActionSubject(a) }))} />
      <FilterSelect label="Entity kind" name="entityType" value={values.entityType} allLabel="All kinds" options={AUDITED_ENTITY_TYPES.map((t) => ({ value: t, label: entityKind(t) }))} />
      <FilterInput label="Entity id" name="entityId" defaultValue={values.entityId} className="w-72 max-w-full font-mono sm:w-56" />
      <FilterInput label="Actor" name="actor" defaultValue={values.actor} placeholder="name or email" className="w-72 max-w-full sm:w-56" />
      <FilterSelect label="Sign-ins" name="sessions" value={values.sessions} allLabel="Shown" options={[{ value: 'hidden', label: 'Hidden (refused ones stay)' }]} />
      {/* The period's two ends wrap onto a new line together, never one without the other. */}
      <div className="flex gap-3">
        <FilterInput label="From (UTC)" name="from" defaultValue={values.from} {...ISO_DATE_INPUT} className="w-32" />
        <FilterInput label="To (UTC)" name="to" defaultValue={values.to} {...ISO_DATE_INPUT} className="w-32" />
      </div>
    </FilterForm>
  );
}
