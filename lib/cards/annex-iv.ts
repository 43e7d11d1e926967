import { isBlank } from '@/lib/http/well-formed';
import type { CardView } from './load-card';

/**
 * Which points of EU AI Act Annex IV (technical documentation, Regulation (EU) 2024/1689) the AI Card covers, and
 * through which of its sections. Said in every rendering of the card so nobody mistakes it for the whole file.
 */
export type AnnexIvCoverage = { point: string; topic: string; coverage: 'covered' | 'partly' | 'not covered'; sections: string[]; note: string };

/** The card's section names, as every rendering titles them; the coverage table cites them by these names. */
export const CARD_SECTIONS = {
  monitoring: 'Monitoring in production',
  findings: 'Findings',
  waivers: 'Accepted risks (waivers)',
  review: 'Periodic review',
  incidents: 'Serious incidents',
  integrityFindings: 'Integrity flags',
} as const;

export const ANNEX_IV_COVERAGE: AnnexIvCoverage[] = [
  { point: '1', topic: 'General description: intended purpose, provider, versions', coverage: 'covered', sections: ['Model details', 'Intended use'], note: 'Instructions for use and hardware are kept outside Provenant.' },
  { point: '2', topic: 'Development: data, training, validation and testing, signed test reports, cybersecurity', coverage: 'covered', sections: ['Training data', 'Lineage', 'Evaluation results', 'Approvals and signatures', 'Integrity and scan'], note: 'Design choices and architecture are referenced through the code commit of each training run.' },
  { point: '3', topic: 'Monitoring, functioning and control: capabilities, limitations, human oversight', coverage: 'covered', sections: ['Intended use', 'Limitations, ethics and recommendations', CARD_SECTIONS.monitoring, CARD_SECTIONS.findings], note: 'Limitations found in use are tracked as findings (type limitation).' },
  { point: '4', topic: 'Appropriateness of the performance metrics', coverage: 'partly', sections: ['Evaluation results', CARD_SECTIONS.monitoring], note: 'Each metric is shown with the threshold stated with its evidence by whoever recorded it; the thresholds the promotion policy sets are judged in the gate and listed in the policy, and each monitored metric is shown against its monitoring rule.' },
  { point: '5', topic: 'Risk management system (Art. 9)', coverage: 'partly', sections: ['Risk classification', CARD_SECTIONS.findings, CARD_SECTIONS.waivers, CARD_SECTIONS.review], note: 'Risks found are findings with an owner and a due date; a risk accepted is a signed waiver with compensating controls and an expiry; periodic reviews attest the whole. The risk management process itself is documented elsewhere.' },
  { point: '6', topic: 'Relevant changes made through the lifecycle', coverage: 'partly', sections: ['Approvals and signatures', CARD_SECTIONS.review, CARD_SECTIONS.findings], note: 'Promotions and periodic reviews are signed over frozen snapshots, closed findings keep their closure evidence, and every change is in the audit trail.' },
  { point: '7', topic: 'Harmonised standards applied', coverage: 'not covered', sections: [], note: '' },
  { point: '8', topic: 'EU declaration of conformity', coverage: 'not covered', sections: [], note: '' },
  { point: '9', topic: 'Post-market performance evaluation and the post-market monitoring plan (Art. 72)', coverage: 'partly', sections: [CARD_SECTIONS.monitoring, CARD_SECTIONS.findings, CARD_SECTIONS.incidents, 'Integrity and scan'], note: 'Production metrics and drift are judged against the policy’s monitoring rules, breaches become findings, serious incidents carry their Art. 73 deadline, deployed digests are checked against the approved one; the written monitoring plan itself is kept outside Provenant.' },
];

/** What of a card the coverage reads: its content, its live oversight (a current card's), and the approvals it shows. */
export type CoveredCard = Pick<CardView, 'content' | 'oversight' | 'request' | 'lastSigned'>;

/**
 * The card's sections that can be left wanting, and when they are: the narrative as soon as one of its three parts is
 * blank; monitoring when a current card has no result (a signed card carries no live records, so it is not judged);
 * approvals when no request of the version was ever approved.
 */
const EMPTY_WHEN: [section: string, empty: (card: CoveredCard) => boolean][] = [
  ['Limitations, ethics and recommendations', ({ content: c }) => [c.narrative.limitations, c.narrative.ethicalConsiderations, c.narrative.recommendations].some(isBlank)],
  ['Training data', ({ content }) => content.trainingData.length === 0],
  ['Evaluation results', ({ content }) => content.evaluations.length === 0],
  [CARD_SECTIONS.monitoring, ({ oversight }) => oversight !== null && oversight.monitoring.length === 0],
  ['Approvals and signatures', ({ request, lastSigned }) => request === null && lastSigned === null],
];

/**
 * The coverage of one card: a point that cites a section this card leaves empty or incomplete is only partly covered,
 * and says which. Not part of the card's digest: it is read from the card each time it is shown.
 */
export function annexIvCoverage(card: CoveredCard): AnnexIvCoverage[] {
  const empty = new Set(EMPTY_WHEN.filter(([, isEmpty]) => isEmpty(card)).map(([section]) => section));
  return ANNEX_IV_COVERAGE.map((p) => {
    const missing = p.sections.filter((section) => empty.has(section));
    if (missing.length === 0) return p;
    return { ...p, coverage: p.coverage === 'covered' ? 'partly' : p.coverage, note: [p.note, `Missing from this card: ${missing.join(', ')}.`].filter(Boolean).join(' ') };
  });
}
