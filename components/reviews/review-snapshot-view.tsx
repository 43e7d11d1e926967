import Link from 'next/link';
import { FindingStatusBadge, SeverityBadge } from '@/components/findings/finding-badges';
import { StageBadge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import { Table, Td, Th } from '@/components/ui/table';
import { formatMonitoringValue } from '@/lib/format/metric-value';
import type { ReviewSnapshotContent } from '@/lib/reviews/review-snapshot';
import { humanize, plural } from '@/lib/words';

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
          <Table caption="Model versions in the snapshot" cardsBelow="md">
            <thead><tr><Th>Version</Th><Th>Stage</Th><Th>AI Card SHA-256</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {card.versions.map((v) => (
                <tr key={v.id}>
                  <Td><Link href={`/models/${v.modelId}/versions/${v.id}`} className={link}>{v.model} {v.version}</Link></Td>
                  <Td data-label="Stage"><StageBadge stage={v.stage} /></Td>
                  <Td data-label="AI Card SHA-256" className="max-md:col-span-2"><code className="font-mono text-xs break-all">{v.cardSha256 ?? 'not frozen (archived)'}</code></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      <Section title={`Findings (${findings.length})`}>
        {findings.length === 0 ? <p className="text-sm text-slate-500">No open or accepted finding.</p> : (
          <Table caption="Findings in the snapshot" cardsBelow="md">
            <thead><tr><Th>Finding</Th><Th>Severity</Th><Th>Status</Th><Th>Due</Th><Th>Waiver</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {findings.map((f) => (
                <tr key={f.id}>
                  <Td className="min-w-56">
                    <Link href={`/findings/${f.id}`} className={link}>{f.ref} {f.title}</Link>
                    <p className="text-xs text-slate-500">on {f.subject.label}</p>
                  </Td>
                  <Td data-label="Severity"><SeverityBadge severity={f.severity} /></Td>
                  <Td data-label="Status"><FindingStatusBadge status={f.status} /></Td>
                  <Td data-label="Due" className="whitespace-nowrap tabular-nums">{formatDate(f.dueDate)}</Td>
                  <Td data-label="Waiver" className="text-xs">{f.waiver ? `Signed by ${f.waiver.printedName}, expires ${formatDate(f.waiver.expiresAt)}` : '—'}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
      {snapshot.approvalConditions?.length ? (
        <Section title={`Conditions of approval (${snapshot.approvalConditions.length})`}>
          <ul className="space-y-1 text-sm text-slate-700" data-testid="snapshot-conditions">
            {snapshot.approvalConditions.map((c) => (
              <li key={`${c.requestId}-${c.printedName}`}>
                <span className="whitespace-pre-line">{c.conditions}</span>
                <span className="block text-xs text-slate-500">{c.model} {c.version} in {c.stage}; set by {c.printedName} as {humanize(c.role)} on {formatDate(c.signedAt)} (<Link href={`/approvals/${c.requestId}`} className={link}>approval</Link>)</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section title={`Monitoring (${plural(monitoring.length, 'series', 'series')})`}>
        {monitoring.length === 0 ? <p className="text-sm text-slate-500">No monitoring results for versions in staging or production.</p> : (
          <Table caption="Latest monitoring figure of each series" cardsBelow="md">
            <thead><tr><Th>Version</Th><Th>Metric</Th><Th>Feature</Th><Th numeric>Value</Th><Th>Window end</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {monitoring.map((m) => (
                <tr key={`${m.modelVersionId}:${m.metric}:${m.feature}`}>
                  <Td><span className="max-md:font-medium max-md:text-slate-900">{versionName.get(m.modelVersionId) ?? m.modelVersionId}</span></Td>
                  <Td data-label="Metric">{m.metric}</Td>
                  <Td data-label="Feature">{m.feature ?? '—'}</Td>
                  <Td data-label="Value" className="text-right tabular-nums">{formatMonitoringValue(m.value)}<span className="block text-xs text-slate-500">{m.valueSource === 'computed' ? 'computed by Provenant' : 'as reported'}</span></Td>
                  <Td data-label="Window end" className="whitespace-nowrap tabular-nums">{formatDate(m.windowEnd)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>
    </div>
  );
}
