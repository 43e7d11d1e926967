import { entityKind } from '@/lib/audit/ledger-entity';
import { activitySentence } from '@/lib/dashboard/activity-sentence';
import { actorName, type EntityName } from '@/lib/dashboard/entity-names';
import { groupDigest } from '@/lib/pdf/digest';
import { heading, paragraph, table, type FlowBlock } from '@/lib/pdf/flow';
import type { PackData } from '../collect-pack-data';
import { describePeriod } from '../pack-period';
import { plural } from '@/lib/words';
import { personLabel, utc } from './format';

type AuditRow = PackData['auditEvents'][number];

/** The stage a promotion.requested event recorded its request asking for (the request row is its "after"). */
function recordedStage(after: string | null): string | null {
  try {
    const value: unknown = JSON.parse(after ?? 'null');
    const stage = value && typeof value === 'object' ? (value as { targetStage?: unknown }).targetStage : null;
    return typeof stage === 'string' ? stage : null;
  } catch {
    return null;
  }
}

/**
 * Each event as the sentence the audit trail page shows for it (activitySentence, joined as the ledger joins it), by
 * the names the pack resolved: who acted by their name, what they acted on by its label, a promotion request with the
 * stage it asked for where the pack holds it.
 */
function sayer(data: PackData) {
  const names = new Map(data.people.map((p) => [p.id, p.name]));
  const stages = new Map<string, string>(data.promotions.map((r) => [r.id, r.targetStage]));
  // A request opened before the period is not among the pack's promotions: its own event recorded the stage it asked for.
  for (const e of data.auditEvents) {
    if (e.action !== 'promotion.requested' || !e.entityId || stages.has(e.entityId)) continue;
    const requested = recordedStage(e.after);
    if (requested) stages.set(e.entityId, requested);
  }
  return (e: AuditRow) => {
    const actorLabel = e.actorType === 'user' && e.actorId ? names.get(e.actorId) : undefined;
    const actor = actorName(e, actorLabel ? { label: actorLabel, href: null, detail: null } : undefined);
    const label = e.entityId ? data.entityLabels[`${e.entityType}:${e.entityId}`] : undefined;
    const entity: EntityName | null = label ? { label, href: null, detail: e.entityType === 'promotion_request' ? (stages.get(e.entityId!) ?? null) : null } : null;
    return activitySentence(e, actor, entity).map((part) => ('text' in part ? part.text : part.entity.label)).join('');
  };
}

/** Section 4: the audit events in scope, one dense row each, in chain order. */
export function auditBlocks(data: PackData): FlowBlock[] {
  const events = data.auditEvents;
  const person = personLabel(data.people);
  // The kind and name the audit trail gives; an id (its first 8 characters when long) only for what has no name.
  const entity = (e: AuditRow) => {
    const name = e.entityId ? data.entityLabels[`${e.entityType}:${e.entityId}`] : undefined;
    return `${entityKind(e.entityType)}${name ? `: ${name}` : e.entityId ? ` ${e.entityId.length > 20 ? e.entityId.slice(0, 8) : e.entityId}` : ''}`;
  };
  const says = sayer(data);
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
    // What was done in the audit trail page's words, then by the exact action name an auditor filters the trail by. Weights
    // are points: the time, the hash and an actor's usual address ("(dana.whitfield@example.com)") each keep to one line.
    table('Audit events', [
      { title: 'Seq', weight: 26, align: 'right', cell: (e: AuditRow) => String(e.seq) },
      { title: 'Time (UTC)', weight: 84, kind: 'mono', cell: (e) => utc(e.at) },
      { title: 'Actor', weight: 108, cell: (e) => (e.actorType === 'user' && e.actorId ? person(e.actorId, e.actorLabel) : e.actorLabel) },
      { title: 'Action', weight: 123, cell: (e) => `${says(e)}\n${e.action}` },
      { title: 'Entity', weight: 82, cell: (e) => entity(e) },
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
