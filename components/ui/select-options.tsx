/** A choice of a select; those that name a `group` are shown under it, in the order the groups first appear. */
export type SelectOption = { value: string; label: string; group?: string };

const optionsOf = (options: SelectOption[]) => options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>);

/** The options of a select, grouped (<optgroup>) where they name a group; ungrouped ones stand alone. */
export function SelectOptions({ options }: { options: SelectOption[] }) {
  const groups = new Map<string | undefined, SelectOption[]>();
  for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), o]);
  return <>{[...groups].map(([group, members]) => (group ? <optgroup key={group} label={group}>{optionsOf(members)}</optgroup> : optionsOf(members)))}</>;
}
