import { humanize } from '@/components/ui/badge';
import { ROLES, type Role } from '@/db/schema';

export function RoleCheckboxes({ selected, error }: { selected: Role[]; error?: string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Roles</legend>
      <div className="mt-2 grid grid-cols-2 gap-2">
        {ROLES.map((role) => (
          <label key={role} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="roles" value={role} data-array defaultChecked={selected.includes(role)} className="size-4 rounded border-slate-300" />
            {humanize(role)}
          </label>
        ))}
      </div>
      {error ? <p className="mt-1 text-xs font-medium text-rose-700">{error}</p> : null}
    </fieldset>
  );
}
