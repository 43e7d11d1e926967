import Link from 'next/link';
import { humanize } from '@/components/ui/badge';
import { LIFECYCLE_STATUSES, RISK_TIERS } from '@/db/schema';

const CONTROL = 'rounded-md border-0 bg-white px-3 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600';

type Props = { values: { q?: string; riskTier?: string; status?: string; ownerId?: string }; owners: { id: string; name: string }[] };

/** A plain GET form: filters live in the URL, so results can be bookmarked and work without JavaScript. */
export function SystemFilters({ values, owners }: Props) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Search
        <input name="q" defaultValue={values.q} placeholder="Name, purpose, owner, vendor" className={`${CONTROL} w-72`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Risk tier
        <select name="riskTier" defaultValue={values.riskTier ?? ''} className={CONTROL}>
          <option value="">All tiers</option>
          {RISK_TIERS.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Status
        <select name="status" defaultValue={values.status ?? ''} className={CONTROL}>
          <option value="">All statuses</option>
          {LIFECYCLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Owner
        <select name="ownerId" defaultValue={values.ownerId ?? ''} className={CONTROL}>
          <option value="">All owners</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Apply
      </button>
      <Link href="/systems" className="px-1 py-2 text-sm text-slate-600 hover:text-slate-900">
        Reset
      </Link>
    </form>
  );
}
