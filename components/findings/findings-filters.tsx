import { FilterForm, FilterSelect } from '@/components/ui/filter-form';
import { FINDING_STATUSES, FINDING_TYPES, SEVERITIES } from '@/db/schema';
import { humanize } from '@/lib/words';

const SORTS = [
  { value: 'due', label: 'Due date' },
  { value: 'severity', label: 'Severity' },
  { value: 'raised', label: 'Newest first' },
];
const options = (values: readonly string[]) => values.map((value) => ({ value, label: humanize(value) }));

/** The list's filters as a GET form: status defaults to active work; "overdue only" narrows to late active findings. */
export function FindingsFilters({ values, owners }: { values: Record<string, string | undefined>; owners: { id: string; name: string }[] }) {
  return (
    <FilterForm resetHref="/findings" keep={{ pageSize: values.pageSize, systemId: values.systemId, subjectType: values.subjectType, subjectId: values.subjectId }}>
      <FilterSelect label="Status" name="status" value={values.status} allLabel="Active" options={[{ value: 'all', label: 'Any status' }, ...options(FINDING_STATUSES)]} />
      <FilterSelect label="Severity" name="severity" value={values.severity} allLabel="Any severity" options={options(SEVERITIES)} />
      <FilterSelect label="Type" name="type" value={values.type} allLabel="Any type" options={options(FINDING_TYPES)} />
      <FilterSelect label="Owner" name="ownerId" value={values.ownerId} allLabel="Anyone" options={[{ value: 'me', label: 'Me' }, ...owners.map((o) => ({ value: o.id, label: o.name }))]} />
      <FilterSelect label="Due" name="overdue" value={values.overdue} allLabel="Any due date" options={[{ value: 'true', label: 'Overdue only' }, { value: 'false', label: 'Not overdue' }]} />
      <FilterSelect label="Order" name="sort" value={values.sort} allLabel="Overdue first, then severity" options={SORTS} />
    </FilterForm>
  );
}
