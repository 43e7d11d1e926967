import { Document, Text, View } from '@react-pdf/renderer';
import type { ComponentProps } from 'react';
import { findingRef } from '@/lib/findings/raise-finding';
import { REPORTING_CLOCKS, deadlineSentence } from '@/lib/incidents/deadline';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { formatDate, formatDateTime } from '@/lib/format/date-time';
import { personName, personWithEmail } from '@/lib/format/person';
import { humanize, plural } from '@/lib/words';
import { Paragraph, SectionHeading, SubHeading } from '../headings';
import { KeyValueList } from '../key-value-list';
import { PageFrame } from '../page-frame';
import { PdfTable } from '../table';
import { layoutHeader, layoutRow, resolveColumnWidths } from '../table-layout';
import { styles, theme } from '../theme';

export type IncidentReportView = { incident: IncidentDetail; preparedBy: { name: string; email: string }; generatedAt: string };


function reportingStatus({ incident }: IncidentReportView) {
  if (!incident.serious) return 'Not a serious incident under Art. 3(49): no report to a market surveillance authority is required.';
  if (incident.reportedAt) return `Reported to the market surveillance authority on ${formatDateTime(incident.reportedAt)}, reference ${incident.authorityReference}.`;
  return 'Not yet reported to the market surveillance authority.';
}

function Facts({ view }: { view: IncidentReportView }) {
  const { incident } = view;
  const clock = REPORTING_CLOCKS[incident.category];
  const late = incident.clock.overdue || incident.clock.met === false;
  return (
    <View>
      <Text style={[styles.small, { marginBottom: 18 }]}>Provenant · AI governance · Report under EU AI Act Article 73</Text>
      <Text style={styles.title}>{`Incident report ${incident.reference}`}</Text>
      <Text style={{ fontSize: theme.size.h2, lineHeight: 1.3, marginBottom: 14 }}>{incident.title}</Text>
      <View style={{ padding: 8, marginBottom: 12, borderWidth: 1, borderColor: late ? theme.color.bad : theme.color.accent }}>
        <Text style={{ fontWeight: 'bold', color: late ? theme.color.bad : theme.color.text }}>{deadlineSentence(incident, incident.clock)}</Text>
        <Text>{reportingStatus(view)}</Text>
      </View>
      <KeyValueList
        keyWidth={150}
        items={[
          { key: 'Serious incident (Art. 3(49))', value: incident.serious ? 'Yes' : 'No' },
          { key: 'Category', value: clock.label },
          { key: 'Legal deadline', value: incident.reportDeadline ? `${formatDateTime(incident.reportDeadline)}: immediately, and not later than ${plural(clock.days, 'day')} after becoming aware (${clock.paragraph})` : 'None' },
          { key: 'Became aware', value: formatDateTime(incident.awareAt) },
          { key: 'Severity', value: humanize(incident.severity) },
          { key: 'Status', value: humanize(incident.status) },
          { key: 'Authority reference', value: incident.authorityReference ?? '—' },
          { key: 'Incident owner', value: personWithEmail(incident.owner, '—') },
          { key: 'Recorded by', value: incident.createdBy ? `${personName(incident.createdBy)}, ${formatDateTime(incident.createdAt)}` : formatDateTime(incident.createdAt) },
          { key: 'Report prepared by', value: `${personWithEmail(view.preparedBy)}, ${formatDateTime(view.generatedAt)}` },
        ]}
      />
      <SubHeading>What happened</SubHeading>
      <Paragraph>{incident.description}</Paragraph>
      <SubHeading>People affected</SubHeading>
      <Paragraph>{incident.affectedPeople || 'Not stated.'}</Paragraph>
    </View>
  );
}

function Systems({ incident }: { incident: IncidentDetail }) {
  return (
    <View>
      <SectionHeading>{incident.systems.length === 1 ? 'The AI system' : 'The AI systems'}</SectionHeading>
      {incident.systems.map((system) => (
        <View key={system.id} style={{ marginBottom: 10 }}>
          <View wrap={false}>
            <SubHeading>{system.name}</SubHeading>
            <KeyValueList
              keyWidth={150}
              items={[
                { key: 'Provider', value: system.thirdParty ? `${system.vendorName ?? 'Third party'} (third-party system)` : `This organisation (in-house${system.businessOwner ? `; business owner ${system.businessOwner}` : ''})` },
                { key: 'Risk tier', value: humanize(system.riskTier) },
                { key: 'Intended purpose', value: system.intendedUse || system.purpose },
                { key: 'Lifecycle status', value: humanize(system.lifecycleStatus) },
              ]}
            />
          </View>
          <PdfTable
            rows={system.productionVersions}
            rowKey={(v) => `${v.model}-${v.version}`}
            empty="No model version in production."
            columns={[
              { title: 'Model in production', weight: 2, cell: (v) => v.model },
              { title: 'Version', weight: 1.2, cell: (v) => v.version },
              { title: 'Artifact SHA-256', weight: 4, kind: 'digest', cell: (v) => v.artifactSha256 },
            ]}
          />
        </View>
      ))}
    </View>
  );
}

/**
 * A section heading and its table, the heading kept with the table's header and first row: a plain SectionHeading
 * keeps only 60 pt, so a tall first row left the heading alone at the foot of a page with its table on the next.
 * react-pdf keeps a node with what follows only when something precedes it in its parent, hence fragments here.
 */
function HeadedTable<Row>({ heading, ...table }: { heading: string } & ComponentProps<typeof PdfTable<Row>>) {
  const widths = resolveColumnWidths(table.columns.map((c) => c.weight));
  const first = table.rows[0];
  const lead = layoutHeader(table.columns, widths).height + (first === undefined ? 20 : layoutRow(table.columns, widths, first).height) + 4;
  return (
    <>
      <View minPresenceAhead={lead}>
        <SectionHeading>{heading}</SectionHeading>
      </View>
      <PdfTable {...table} />
    </>
  );
}

function Timeline({ incident }: { incident: IncidentDetail }) {
  return (
    <>
      <HeadedTable
        heading="Timeline of actions"
        rows={incident.actions}
        rowKey={(a) => a.id}
        empty="No action recorded yet."
        columns={[
          { title: 'When (UTC)', weight: 2, cell: (a) => formatDateTime(a.at) },
          { title: 'What was done', weight: 5, cell: (a) => a.text },
          { title: 'Recorded by', weight: 1.6, cell: (a) => personName({ name: a.actorName }) },
        ]}
      />
      <HeadedTable
        heading="Linked findings"
        rows={incident.findings}
        rowKey={(f) => f.id}
        empty={incident.serious ? 'None.' : 'None: a finding is raised for serious incidents only.'}
        columns={[
          { title: 'Finding', weight: 0.8, kind: 'bold', cell: (f) => findingRef(f.number) },
          { title: 'Title', weight: 4, cell: (f) => f.title },
          { title: 'System', weight: 1.8, cell: (f) => incident.systems.find((s) => s.id === f.systemId)?.name },
          { title: 'Severity', weight: 1, cell: (f) => humanize(f.severity) },
          { title: 'Status', weight: 1.4, cell: (f) => humanize(f.status) },
          { title: 'Due', weight: 1.2, cell: (f) => formatDate(f.dueDate) },
        ]}
      />
    </>
  );
}

/** The report for the market surveillance authority: the facts Art. 73 asks for, the clock, what was done since. */
export function IncidentDocument({ view }: { view: IncidentReportView }) {
  const { incident } = view;
  const footer = { label: `Incident report ${incident.reference} · prepared ${formatDateTime(view.generatedAt)} by ${view.preparedBy.name} · Provenant` };
  return (
    <Document title={`Incident report ${incident.reference}: ${incident.title}`} author={view.preparedBy.name} language="en" creator="Provenant" producer="Provenant">
      <PageFrame {...footer}>
        <Facts view={view} />
        <Systems incident={incident} />
        <Timeline incident={incident} />
        <Paragraph muted>
          {`Prepared by ${view.preparedBy.name} on ${formatDateTime(view.generatedAt)} from the incident record as it stood then. Under Art. 73(5) an initial report may be incomplete and followed by a complete one; under Art. 73(6) the AI system is not altered in a way that could affect the evaluation of the causes before the authority is informed.`}
        </Paragraph>
      </PageFrame>
    </Document>
  );
}
