import { humanize } from '@/components/ui/badge';
import { CheckboxGroup } from '@/components/ui/checkbox-group';
import { CONFIRMED_ROLES, ROLES, type Role } from '@/db/schema/vocabulary';

export function RoleCheckboxes({ selected, error }: { selected: Role[]; error?: string }) {
  return <CheckboxGroup legend="Roles" name="roles" required selected={selected} error={error} options={ROLES.map((role) => ({ value: role, label: humanize(role), hint: (CONFIRMED_ROLES as readonly Role[]).includes(role) ? 'In force once another holder confirms' : undefined }))} />;
}
