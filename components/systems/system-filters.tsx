import { humanize } from '@/components/ui/badge';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { LIFECYCLE_STATUSES, RISK_TIERS } from '@/db/schema';

type Props = { values: { q?: string; riskTier?: string; status?: string; ownerId?: string; tierConfirmation?: string; sort?: string; dir?: string; pageSize?: string }; owners: { id: string; name: string }[] };

export function SystemFilters({ values, owners }: Props) {
  const choices = (list: readonly string[]) => list.map((v) => ({ value: v, label: humanize(v) }));
  return (
    <FilterForm resetHref="/systems" keep={{ sort: values.sort, dir: values.dir, pageSize: values.pageSize }}>
      <FilterInput label="Search" name="q" defaultValue={values.q} placeholder="Name, purpose, owner, vendor" className="w-72" />
      <FilterSelect label="Risk tier" name="riskTier" value={values.riskTier} allLabel="All tiers" options={choices(RISK_TIERS)} />
      <FilterSelect label="Status" name="status" value={values.status} allLabel="All statuses" options={choices(LIFECYCLE_STATUSES)} />
      <FilterSelect label="Owner" name="ownerId" value={values.ownerId} allLabel="All owners" options={owners.map((o) => ({ value: o.id, label: o.name }))} />
      <FilterSelect label="Tier confirmation" name="tierConfirmation" value={values.tierConfirmation} allLabel="Any" options={[{ value: 'awaited', label: 'Awaited' }]} />
    </FilterForm>
  );
}
