import { Card } from '@/components/ui/card';

export type PipelineCommand = { label: string; command: string };

/** A command or an environment block to copy, wrapped anywhere rather than scrolled, so a phone shows all of it. */
export function CommandBlock({ text, label }: { text: string; label?: string }) {
  return (
    <pre aria-label={label} className="rounded border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-800">
      <code>{text}</code>
    </pre>
  );
}

/**
 * The `provenant` command lines for this record, with its ids filled in: a pipeline author copies them instead of
 * digging ids out of URLs. A line wraps anywhere rather than scroll, so a phone shows the whole command.
 */
export function PipelineCommands({ commands }: { commands: PipelineCommand[] }) {
  return (
    <Card title="From a pipeline">
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        The <code className="font-mono text-xs">provenant</code> command (<code className="font-mono text-xs">bin/provenant.mjs</code>, Node 20) reads PROVENANT_URL and PROVENANT_TOKEN from the environment. It exits 0 for yes, 1 for no with the reasons, and 2 when it cannot tell.
      </p>
      <ul className="space-y-3">
        {commands.map(({ label, command }) => (
          <li key={label}>
            <p className="mb-1 text-sm text-slate-700">{label}</p>
            <CommandBlock text={command} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
