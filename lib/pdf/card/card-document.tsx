import { Document, Text, View } from '@react-pdf/renderer';
import type { CardView } from '@/lib/cards/load-card';
import { CANONICALIZATION } from '@/lib/cards/card-export';
import { signedDifferenceText } from '@/lib/cards/card-facts';
import { versionOversight } from '@/lib/cards/oversight-text';
import { humanize } from '@/lib/words';
import { Digest } from '../digest';
import { Paragraph, SectionHeading } from '../headings';
import { KeyValueList } from '../key-value-list';
import { PageFrame } from '../page-frame';
import { PdfTable } from '../table';
import { styles, theme } from '../theme';
import { CardOversightSections } from './card-pdf-oversight';
import { CardAnnexIvSection, CardGovernanceSections, CardRecordSections } from './card-pdf-sections';
import { formatDateTime } from '@/lib/format/date-time';
import { asOfLabel } from '@/lib/cards/card-time';
import { decisionLabel } from '@/lib/promotion/signature-words';

const utc = (iso: string) => formatDateTime(iso, { seconds: true });

function sourceStatement(view: CardView) {
  if (view.request) return `Rendered from the snapshot frozen when promotion request ${view.request.id} (${view.request.targetStage}) was submitted on ${utc(view.request.submittedAt)}, not from the record as it stands today.`;
  if (!view.lastSigned) return 'Built from the record as it stands. This version has never been signed off.';
  return view.differsFromLastSigned
    ? `Built from the record as it stands. It DIFFERS from the card last signed${signedDifferenceText(view)} (request ${view.lastSigned.id}, digest ${view.lastSigned.snapshotSha256}).`
    : `Built from the record as it stands; identical to the card signed under request ${view.lastSigned.id}.`;
}

function Cover({ view }: { view: CardView }) {
  const { system, model, version, risk } = view.content;
  return (
    <View>
      <Text style={[styles.small, { marginBottom: 40 }]}>Provenant · AI governance</Text>
      <Text style={styles.title}>AI Card</Text>
      <Text style={{ fontSize: theme.size.h1, marginBottom: 24 }}>{model.name} {version.version}</Text>
      <KeyValueList
        items={[
          { key: 'AI system', value: system.name },
          { key: 'Risk tier', value: humanize(risk.tier) },
          { key: view.stage ? 'Stage' : 'Submitted for', value: view.stage ? humanize(view.stage) : (view.request?.targetStage ?? '—') },
          { key: 'Technical owner', value: system.owner.name },
          // The time the record stands at (the same record state renders the same bytes), not the moment of the download.
          { key: asOfLabel(view), value: utc(view.generatedAt) },
          { key: 'Card digest (SHA-256)', value: <Digest value={view.sha256} /> },
        ]}
      />
      <View style={{ marginTop: 16, padding: 10, borderWidth: 1, borderColor: view.request ? theme.color.accent : view.differsFromLastSigned ? theme.color.bad : theme.color.border }}>
        <Text>{sourceStatement(view)}</Text>
      </View>
      <Paragraph muted>{`\nThe digest is the ${CANONICALIZATION} The JSON export of this card carries that exact \`card\` object.`}</Paragraph>
      <Paragraph muted>Sections follow the model-card canon (Mitchell et al., 2019) and EU AI Act Annex IV; section 14 states which Annex IV points are covered.</Paragraph>
    </View>
  );
}

/** Every signature bound to the card's snapshot: who, in which role, what they meant, when, over which digest. */
function SignatureManifest({ view }: { view: CardView }) {
  const request = view.request ?? view.lastSigned;
  return (
    <View>
      <SectionHeading id="signatures">Approvals and signatures</SectionHeading>
      {request ? (
        <>
          <Paragraph>
            {`Promotion request ${request.id} for ${request.targetStage}, requested by ${request.requester} on ${utc(request.submittedAt)}; status ${request.status}. `}
            {view.request ? 'These signatures bind to this card’s digest.' : view.differsFromLastSigned ? 'These signatures bind to an earlier card whose digest differs from this one.' : 'These signatures bind to this card’s digest.'}
          </Paragraph>
          <PdfTable
            rows={request.signatures}
            rowKey={(s, i) => `${s.signedAt}-${i}`}
            empty="No signatures."
            columns={[
              { title: 'Printed name', weight: 2, cell: (s) => s.printedName },
              { title: 'Role', weight: 1.6, cell: (s) => humanize(s.role) },
              { title: 'Decision', weight: 1.4, cell: (s) => decisionLabel(s) },
              { title: 'Meaning', weight: 3, cell: (s) => (s.comment ? `${s.meaning}\nComment: ${s.comment}` : s.meaning) },
              { title: 'Signed (UTC)', weight: 1.7, cell: (s) => utc(s.signedAt) },
              { title: 'Snapshot SHA-256', weight: 2.6, kind: 'digest', cell: (s) => s.snapshotSha256 },
            ]}
          />
        </>
      ) : (
        <Paragraph>This version has no approved promotion request, so no signature is bound to any of its cards.</Paragraph>
      )}
    </View>
  );
}

/** The AI Card as a document: cover, the fourteen sections, and the signature manifest on its own page. */
export function CardDocument({ view }: { view: CardView }) {
  const { model, version } = view.content;
  const footer = { label: `AI Card · ${model.name} ${version.version}${view.request ? ' · signed snapshot' : ''}`, digest: view.sha256, digestLabel: 'Card SHA-256' };
  return (
    <Document title={`AI Card: ${model.name} ${version.version}`} author="Provenant" language="en" subject={`Card digest ${view.sha256}`} creator="Provenant" producer="Provenant" creationDate={new Date(view.generatedAt)}>
      <PageFrame {...footer}><Cover view={view} /></PageFrame>
      <PageFrame {...footer}>
        <CardRecordSections view={view} />
        <CardGovernanceSections view={view} />
        <CardOversightSections of={versionOversight(view)} first={9} />
        <CardAnnexIvSection card={view} />
      </PageFrame>
      <PageFrame {...footer}><SignatureManifest view={view} /></PageFrame>
    </Document>
  );
}
