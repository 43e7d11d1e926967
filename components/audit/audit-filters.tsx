import Link from 'next/link';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';

const CONTROL = 'rounded-md border-0 bg-white px-3 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600';

export function AuditFilters({ values }: { values: Record<string, string | undefined> }) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Action
        <select name="action" defaultValue={values.action ?? ''} className={CONTROL}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Actor
        <input name="actor" defaultValue={values.actor} placeholder="email" className={CONTROL} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Entity id
        <input name="entityId" defaultValue={values.entityId} className={`${CONTROL} w-80 font-mono`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        From
        <input type="date" name="from" defaultValue={values.from} className={CONTROL} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        To
        <input type="date" name="to" defaultValue={values.to} className={CONTROL} />
      </label>
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
      <Link href="/audit" className="px-1 py-2 text-sm text-slate-600 hover:text-slate-900">Reset</Link>
    </form>
  );
}
