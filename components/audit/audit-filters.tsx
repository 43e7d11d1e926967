import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';

export function AuditFilters({ values }: { values: Record<string, string | undefined> }) {
  return (
    <FilterForm resetHref="/audit">
      <FilterSelect label="Action" name="action" value={values.action} allLabel="All actions" options={AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))} />
      <FilterInput label="Actor" name="actor" defaultValue={values.actor} placeholder="email" />
      <FilterInput label="Entity id" name="entityId" defaultValue={values.entityId} className="w-56 font-mono" />
      <FilterInput label="From" type="date" name="from" defaultValue={values.from} />
      <FilterInput label="To" type="date" name="to" defaultValue={values.to} />
    </FilterForm>
  );
}
