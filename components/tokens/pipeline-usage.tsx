import { CommandBlock } from '@/components/pipeline/pipeline-commands';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';

/** The `provenant` commands (bin/provenant.mjs) and the scope each needs, as the README's CLI table gives them. */
const COMMAND_SCOPES: { command: string; does: string; scope: string }[] = [
  { command: 'register', does: 'Hash, upload and register a model version; print its scan', scope: 'register' },
  { command: 'report', does: 'Send a tool report (SARIF, pip-audit, promptfoo, garak…) as evidence', scope: 'register' },
  { command: 'lineage', does: 'Send OpenLineage run events', scope: 'lineage:write' },
  { command: 'promote', does: 'Ask for a promotion (people sign it)', scope: 'promote' },
  { command: 'gate', does: 'Ask whether a version passes its gate', scope: 'read' },
  { command: 'verify', does: 'Ask whether bytes are the approved version of a stage', scope: 'read' },
];

/** How a pipeline uses a token on this server: its address, the header, the command and the API description. */
export function PipelineUsage({ baseUrl }: { baseUrl: string }) {
  const url = baseUrl.replace(/\/$/, '');
  return (
    <Card title="Use a token from a pipeline">
      <div className="max-w-3xl space-y-4 text-sm text-slate-700">
        <div>
          <p className="mb-1">Keep the secret in your CI&apos;s secret store, never in the repository or on a command line, and give the job these two variables:</p>
          <CommandBlock label="Environment of the pipeline" text={`PROVENANT_URL=${url}\nPROVENANT_TOKEN=<the secret, from the CI's secret store>`} />
        </div>
        <div>
          <p className="mb-1">Every call sends it as a bearer token; this one lists the inventory (scope <code className="font-mono text-xs">read</code>):</p>
          <CommandBlock label="Example call" text={'curl -H "Authorization: Bearer $PROVENANT_TOKEN" "$PROVENANT_URL/api/v1/systems"'} />
        </div>
        <div>
          <p className="mb-2">
            Or the <code className="font-mono text-xs">provenant</code> command, <code className="font-mono text-xs">bin/provenant.mjs</code> in the Provenant repository (Node 20, nothing to install), which reads both variables.
            Give each job only the scopes its commands need:
          </p>
          <Table caption="The provenant commands and the scope each needs" cardsBelow="md">
            <thead>
              <tr><Th>Command</Th><Th>Does</Th><Th>Scope</Th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {COMMAND_SCOPES.map((c) => (
                <tr key={c.command}>
                  <Td><code className="font-mono text-xs">provenant {c.command}</code></Td>
                  <Td data-label="Does">{c.does}</Td>
                  <Td data-label="Scope"><code className="font-mono text-xs">{c.scope}</code></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
        <p>
          Every route, the scope it needs and what it answers: the API&apos;s OpenAPI description,{' '}
          <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 hover:underline">/api/v1/openapi.json</a>.
        </p>
      </div>
    </Card>
  );
}
