import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/form';

/** The first step of "Register model" from the models list: a plain GET form that names the system in the URL. */
export function ChooseSystemForm({ systems }: { systems: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/models/new" className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <SelectField label="AI system" name="systemId" errors={{}} required hint="Models are registered inside one of your live AI systems." options={systems.map((s) => ({ value: s.id, label: s.name }))} />
      <Button type="submit">Continue</Button>
    </form>
  );
}
