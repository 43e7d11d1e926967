import { entityKind } from '@/lib/audit/ledger-entity';
import { groupDigest } from '@/lib/pdf/digest';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import type { PackData } from '../collect-pack-data';
import { describePeriod } from '../pack-period';
import { plural } from '@/lib/words';
import { personLabel, utc } from './format';

type AuditRow = PackData['auditEvents'][number];

/** Section 4: the audit events in scope, one dense line each, in chain order. */
export function auditBlocks(data: PackData): FlowBlock[] {
  const events = data.auditEvents;
  const person = personLabel(data.people);
  // The kind and name the audit trail gives; an id (its first 8 characters when long) only for what has no name.
  const entity = (e: AuditRow) => {
    const name = e.entityId ? data.entityLabels[`${e.entityType}:${e.entityId}`] : undefined;
    return `${entityKind(e.entityType)}${name ? `: ${name}` : e.entityId ? ` ${e.entityId.length > 20 ? e.entityId.slice(0, 8) : e.entityId}` : ''}`;
  };
  // The pack's own request is an event of its history: the trail's page of the same records lists one fewer.
  const own = events.filter((e) => e.entityType === 'evidence_pack' && e.entityId === data.pack.id).map((e) => `#${e.seq}`);
  const blocks: FlowBlock[] = [
    heading(1, '4. Audit events', { anchor: 'audit', toc: '4. Audit events' }),
    paragraph(
      `${plural(events.length, 'event')} in scope for the period (${describePeriod(data.pack)}), in chain order${own.length ? `, this pack's own request (${own.join(', ')}) among them` : ''}. Each event's hash is printed ` +
        'by its first 16 hexadecimal digits; the complete events, with previous hash and hash, are in records/audit-events.json ' +
        'in the ZIP: VERIFY.md gives a short script that recomputes every hash with standard tools, and Provenant itself re-verifies ' +
        'the whole chain (its Audit trail page, or the "audit verify" command on the server).',
    ),
  ];
  if (events.length === 0) return [...blocks, paragraph('No audit event in scope for the period.', true)];
  blocks.push(
    table('Audit events', [
      { title: 'Seq', weight: 26, align: 'right', cell: (e: AuditRow) => String(e.seq) },
      { title: 'Time (UTC)', weight: 84, kind: 'mono', cell: (e) => utc(e.at) },
      { title: 'Actor', weight: 116, cell: (e) => (e.actorType === 'user' && e.actorId ? person(e.actorId, e.actorLabel) : e.actorLabel) },
      { title: 'Action', weight: 104, cell: (e) => e.action },
      { title: 'Entity', weight: 93, cell: (e) => entity(e) },
      { title: 'Hash (first 16)', weight: 76, kind: 'mono', cell: (e) => `${groupDigest(e.hash.slice(0, 16))}` },
    ], events, 'dense'),
  );
  return blocks;
}

/** Section 5: what the ZIP holds and how to check it, so the PDF alone says how to verify the rest. */
export function aboutBlocks(): FlowBlock[] {
  return [
    heading(1, '5. About this pack', { anchor: 'about', toc: '5. About this pack' }),
    paragraph(
      'This PDF is part of a ZIP archive that also holds records/*.json (every record printed here, as stored), ' +
        'records/findings.csv (the findings of section 3 for spreadsheets), ' +
        'attachments/<sha256>/<file name> (the evidence files, named by their digest) and SHA256SUMS, the SHA-256 of every other ' +
        'file in the archive.',
    ),
    paragraph('To check the archive, unpack it and run "sha256sum -c SHA256SUMS" in its folder: every line must answer OK.'),
    paragraph(
      'The cover states the audit chain head (sequence number and hash) when the pack was generated and whether the whole chain ' +
        'verified then. Events appended later extend the chain from that head; the generation of this pack is itself recorded ' +
        'as an evidence_pack.generated event.',
    ),
    paragraph('End of the evidence pack.', true),
  ];
}
