import { humanize } from '@/components/ui/badge';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { STAGES } from '@/db/schema';

type Props = { values: { q?: string; system?: string; stage?: string; owner?: string; sort?: string; dir?: string }; owners: { id: string; name: string }[] };

/** The models list's filters: a plain GET form, so they live in the URL (the sort is carried along). */
export function ModelFilters({ values, owners }: Props) {
  return (
    <FilterForm resetHref="/models">
      <FilterInput label="Name" name="q" defaultValue={values.q} placeholder="Model name" className="w-full sm:w-56" />
      <FilterInput label="AI system" name="system" defaultValue={values.system} placeholder="System name" className="w-full sm:w-56" />
      <FilterSelect label="Has a version in" name="stage" value={values.stage} allLabel="Any stage" options={STAGES.map((s) => ({ value: s, label: humanize(s) }))} />
      <FilterSelect label="Owner" name="owner" value={values.owner} allLabel="All owners" options={[{ value: 'me', label: 'Mine' }, ...owners.map((o) => ({ value: o.id, label: o.name }))]} />
      {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
    </FilterForm>
  );
}
