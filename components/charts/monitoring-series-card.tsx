import { MonitoringSeriesChart } from '@/components/charts/monitoring-series-chart';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { COMPARATOR_SYMBOLS, metricPassed } from '@/lib/evidence/metric';
import { formatDateTime } from '@/lib/format/date-time';
import { formatMonitoringValue } from '@/lib/format/metric-value';
import { latestSeriesState, type MonitoringSeries, type SeriesState } from '@/lib/monitoring/queries';
import { humanize, plural } from '@/lib/words';
import Link from 'next/link';

const STATE_TONES: Record<SeriesState, Tone> = { breach: 'red', ok: 'green', unjudged: 'gray' };
const STATE_WORDS: Record<SeriesState, string> = { breach: 'Breach', ok: 'Within threshold', unjudged: 'No rule' };
/** Four significant digits: a drift statistic's sixth digit is noise, not information. */
const figure = formatMonitoringValue;

/** One monitored metric (and feature): latest state in words, the chart against its threshold, and a table for screen readers. */
export function MonitoringSeriesCard({ series, finding }: { series: MonitoringSeries; finding?: { id: string; ref: string; status: string } }) {
  const { state, latest, severity, contradictsProducer } = latestSeriesState(series);
  const thresholds = series.rules.map((r) => ({ value: r.threshold, label: `${COMPARATOR_SYMBOLS[r.comparator]} ${r.threshold} ${r.severity}` }));
  const conditions = series.rules.map((r) => `${COMPARATOR_SYMBOLS[r.comparator]} ${r.threshold} (${r.severity})`).join(', ');
  const hasComputed = series.points.some((p) => p.valueSource === 'computed');
  const hasReported = hasComputed && series.points.some((p) => p.reportedValue !== null);
  const breaches = (value: number | null) => value !== null && series.rules.some((r) => metricPassed(value, r.threshold, r.comparator));
  const points = series.points.map((p) => ({ at: p.windowEnd, value: p.value, reported: p.reportedValue, contradicted: p.reportedDrift === false && breaches(p.value) }));
  const title = `${series.metric}${series.feature ? ` · ${series.feature}` : ''}`;
  return (
    <Card
      title={title}
      actions={
        <>
          {finding ? <Link href={`/findings/${finding.id}`} className="text-sm font-medium text-indigo-700 underline" aria-label={`Finding ${finding.ref} raised by this series (${humanize(finding.status).toLowerCase()})`}>{finding.ref}</Link> : null}
          <Badge tone={STATE_TONES[state]}>{STATE_WORDS[state]}{severity ? ` (${severity})` : ''}</Badge>
        </>
      }
    >
      <figure>
        <figcaption className="text-sm text-slate-700">
          Latest {figure(latest?.value ?? null)}{latest ? ` (${latest.valueSource === 'computed' ? 'computed by Provenant from the histograms' : 'as reported'}), window ending ${formatDateTime(latest.windowEnd)}` : ''}.
          {conditions ? ` Breach when ${series.metric} ${conditions}.` : ' No monitoring rule of this tier judges it.'}
          {contradictsProducer ? <strong className="font-semibold text-rose-800"> The producer reported no drift; the figure Provenant computed breaches.</strong> : null}
          {series.pointCount > series.points.length ? ` Showing the latest ${series.points.length} of ${series.pointCount} results.` : ` ${plural(series.pointCount, 'result')}.`}
        </figcaption>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
          <li><span className="mr-1 inline-block h-0.5 w-4 bg-blue-700 align-middle" />{hasComputed ? 'Computed by Provenant' : 'Reported'}</li>
          {hasReported ? <li><span className="mr-1 inline-block w-4 border-t-2 border-dashed border-slate-500 align-middle" />Reported</li> : null}
          {thresholds.length ? <li><span className="mr-1 inline-block w-4 border-t-2 border-dashed border-red-700 align-middle" />{thresholds.length === 1 ? 'Threshold' : 'Thresholds'}</li> : null}
          {points.some((p) => p.contradicted) ? <li><span className="mr-1 inline-block h-2.5 w-2.5 rounded-full border-2 border-red-700 align-middle" />Producer said no drift</li> : null}
        </ul>
        <MonitoringSeriesChart points={points} thresholds={thresholds} hasComputed={hasComputed} />
        {/* A wrapper, not the table, is sr-only: a table ignores its 1 px width and would widen the page on a phone. */}
        <div className="sr-only">
          <table>
            <caption>{title}: results by window end</caption>
            <thead>
              <tr><th scope="col">Window end</th><th scope="col">Value</th><th scope="col">How obtained</th><th scope="col">Reported</th><th scope="col">Producer said drift</th></tr>
            </thead>
            <tbody>
              {points.map((p, i) => (
                <tr key={i}>
                  <th scope="row">{formatDateTime(p.at)}</th>
                  <td>{figure(p.value)}</td>
                  <td>{series.points[i]!.valueSource === 'computed' ? 'Computed' : 'Reported'}</td>
                  <td>{figure(p.reported)}</td>
                  <td>{series.points[i]!.reportedDrift === null ? 'Not said' : series.points[i]!.reportedDrift ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
    </Card>
  );
}
