import Link from 'next/link';
import { FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { StageBadge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { formatMetricValue } from '@/lib/format/metric-value';
import type { ReviewSnapshotContent } from '@/lib/reviews/review-snapshot';
import { plural } from '@/lib/words';

const link = 'font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </section>
  );
}

/**
 * What a review signs, read from the snapshot itself: the system's versions with their card digests, its findings
 * (with waivers) and the latest monitoring figure of each series. Past reviews render their stored snapshot.
 */
export function ReviewSnapshotView({ snapshot }: { snapshot: ReviewSnapshotContent }) {
  const { card, findings, monitoring } = snapshot;
  const versionName = new Map(card.versions.map((v) => [v.id, `${v.model} ${v.version}`]));
  return (
    <div className="space-y-5" data-testid="review-snapshot">
      <Section title={`Versions (${card.versions.length})`}>
        {card.versions.length === 0 ? <p className="text-sm text-slate-500">No model versions.</p> : (
          <Table caption="Model versions in the snapshot">
            <thead><tr><Th>Version</Th><Th>Stage</Th><Th>AI Card SHA-256</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {card.versions.map((v) => (
                <tr key={v.id}>
                  <Td><Link href={`/models/${v.modelId}/versions/${v.id}`} className={link}>{v.model} {v.version}</Link></Td>
                  <Td><StageBadge stage={v.stage} /></Td>
                  <Td><code className="font-mono text-xs break-all">{v.cardSha256 ?? 'not frozen (archived)'}</code></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      <Section title={`Findings (${findings.length})`}>
        {findings.length === 0 ? <p className="text-sm text-slate-500">No open or accepted finding.</p> : (
          <Table caption="Findings in the snapshot">
            <thead><tr><Th>Finding</Th><Th>Severity</Th><Th>Status</Th><Th>Due</Th><Th>Waiver</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {findings.map((f) => (
                <tr key={f.id}>
                  <Td className="min-w-56">
                    <Link href={`/findings/${f.id}`} className={link}>{f.ref} {f.title}</Link>
                    <p className="text-xs text-slate-500">on {f.subject.label}</p>
                  </Td>
                  <Td><SeverityBadge severity={f.severity} /></Td>
                  <Td><FindingStatusBadge status={f.status} /></Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatDate(f.dueDate)}</Td>
                  <Td className="text-xs">{f.waiver ? `Signed by ${f.waiver.printedName}, expires ${formatDate(f.waiver.expiresAt)}` : '—'}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      <Section title={`Monitoring (${plural(monitoring.length, 'series', 'series')})`}>
        {monitoring.length === 0 ? <p className="text-sm text-slate-500">No monitoring results for versions in staging or production.</p> : (
          <Table caption="Latest monitoring figure of each series">
            <thead><tr><Th>Version</Th><Th>Metric</Th><Th>Feature</Th><Th numeric>Value</Th><Th>Window end</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {monitoring.map((m) => (
                <tr key={`${m.modelVersionId}:${m.metric}:${m.feature}`}>
                  <Td>{versionName.get(m.modelVersionId) ?? m.modelVersionId}</Td>
                  <Td>{m.metric}</Td>
                  <Td>{m.feature ?? '—'}</Td>
                  <Td className="text-right tabular-nums">{m.value === null ? '—' : formatMetricValue(m.value)}<span className="block text-xs text-slate-500">{m.valueSource === 'computed' ? 'computed' : 'claimed'}</span></Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatDate(m.windowEnd)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
    </div>
  );
}
