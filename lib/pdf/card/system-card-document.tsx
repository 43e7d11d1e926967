import { Document, Text, View } from '@react-pdf/renderer';
import { SYSTEM_NARRATIVE, lastSignedText, systemCardStatement, systemFacts } from '@/lib/cards/system-card-text';
import type { SystemCardExport } from '@/lib/cards/system-card-export';
import { formatDateTime } from '@/lib/format/date-time';
import { humanize } from '@/lib/words';
import { Paragraph, SectionHeading, SubHeading } from '../headings';
import { KeyValueList } from '../key-value-list';
import { PageFrame } from '../page-frame';
import { PdfTable } from '../table';
import { styles, theme } from '../theme';
import { CardOversightSections } from './card-pdf-oversight';

function Cover({ card }: { card: SystemCardExport }) {
  const { system } = card;
  return (
    <View>
      <Text style={[styles.small, { marginBottom: 40 }]}>Provenant · AI governance</Text>
      <Text style={styles.title}>System AI Card</Text>
      <Text style={{ fontSize: theme.size.h1, marginBottom: 24 }}>{system.name}</Text>
      <KeyValueList
        items={[
          ...systemFacts(card).map(([key, value]) => ({ key, value: value || '—' })),
          { key: 'Record as of', value: formatDateTime(card.generatedAt, { seconds: true }) },
        ]}
      />
      <View style={{ marginTop: 16, padding: 10, borderWidth: 1, borderColor: theme.color.border }}>
        <Text>{systemCardStatement(card)}</Text>
      </View>
    </View>
  );
}

function Narrative({ card }: { card: SystemCardExport }) {
  return (
    <>
      <SectionHeading id="system">1. The system</SectionHeading>
      {SYSTEM_NARRATIVE.map(([key, title]) => (
        <View key={key}>
          <SubHeading>{title}</SubHeading>
          <Paragraph muted={!card.system[key]}>{card.system[key] || 'Not stated.'}</Paragraph>
        </View>
      ))}
    </>
  );
}

function Versions({ card }: { card: SystemCardExport }) {
  return (
    <>
      <SectionHeading id="versions">{`2. Model versions (${card.versions.length})`}</SectionHeading>
      <Paragraph muted>Every version of the system’s models, with the digest of its own AI Card as it stands now and whether that card still matches the one last signed for it.</Paragraph>
      <PdfTable
        rows={card.versions}
        rowKey={(v) => v.versionId}
        empty="No model version is registered under this system’s models."
        columns={[
          { title: 'Model', weight: 2, cell: (v) => v.model },
          { title: 'Version', weight: 1.2, cell: (v) => v.version },
          { title: 'Stage', weight: 1.2, cell: (v) => humanize(v.stage) },
          { title: 'AI Card SHA-256', weight: 2.6, kind: 'digest', cell: (v) => v.cardSha256 },
          { title: 'Last signed', weight: 2.2, cell: (v) => lastSignedText(v), color: (v) => (v.differsFromLastSigned ? theme.color.bad : undefined) },
        ]}
      />
    </>
  );
}

/** The system-level AI Card as a document: cover, the system's narrative, its versions and their oversight. */
export function SystemCardDocument({ card }: { card: SystemCardExport }) {
  const footer = { label: `System AI Card · ${card.system.name} · ${formatDateTime(card.generatedAt)}` };
  return (
    <Document title={`System AI Card: ${card.system.name}`} author="Provenant" language="en" creator="Provenant" producer="Provenant" creationDate={new Date(card.generatedAt)}>
      <PageFrame {...footer}><Cover card={card} /></PageFrame>
      <PageFrame {...footer}>
        <Narrative card={card} />
        <Versions card={card} />
        <CardOversightSections of={{ oversight: card.oversight, frozen: [], card: 'system' }} first={3} />
      </PageFrame>
    </Document>
  );
}
