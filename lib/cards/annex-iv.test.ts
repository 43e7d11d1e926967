import { describe, expect, it } from 'vitest';
import { ANNEX_IV_COVERAGE, annexIvCoverage, type CoveredCard } from './annex-iv';
import type { CardContent } from './card-schema';

/** Only the parts of a card the coverage reads; by default a current card, monitored, of a version approved once. */
const card = (narrative: string, trainingData: number, evaluations: number, ethics = 'Uses no protected attributes.', live: Partial<CoveredCard> = {}): CoveredCard => ({
  content: { narrative: { limitations: narrative, ethicalConsiderations: ethics, recommendations: 'Decision support only.' }, trainingData: Array(trainingData).fill({}), evaluations: Array(evaluations).fill({}) } as unknown as CardContent,
  oversight: { monitoring: [{}] } as unknown as CoveredCard['oversight'],
  request: null,
  lastSigned: {} as CoveredCard['lastSigned'],
  ...live,
});

describe('the Annex IV coverage of one card', () => {
  it('is the general table when every section it cites holds something', () => {
    expect(annexIvCoverage(card('Not validated on thin files.', 1, 2))).toEqual(ANNEX_IV_COVERAGE);
  });

  it('claims no more than the card holds: a point citing an empty section is partly covered and names it', () => {
    const coverage = annexIvCoverage(card(' \n', 0, 2));
    expect(coverage.find((p) => p.point === '3')).toMatchObject({ coverage: 'partly', note: expect.stringMatching(/Missing from this card: Limitations, ethics and recommendations\.$/) });
    expect(coverage.find((p) => p.point === '2')).toMatchObject({ coverage: 'partly', note: expect.stringMatching(/Missing from this card: Training data\.$/) });
    // A point already partly covered stays so, and says what is empty too.
    expect(annexIvCoverage(card('x', 1, 0)).find((p) => p.point === '4')).toMatchObject({ coverage: 'partly', note: expect.stringMatching(/Missing from this card: Evaluation results\.$/) });
    expect(coverage.find((p) => p.point === '7')).toEqual(ANNEX_IV_COVERAGE.find((p) => p.point === '7'));
    // One blank part of the narrative is enough: limitations written, ethics not.
    expect(annexIvCoverage(card('Not validated on thin files.', 1, 2, '')).find((p) => p.point === '3')).toMatchObject({ coverage: 'partly' });
  });

  it('counts monitoring only where results exist, and signed test reports only where a promotion was approved', () => {
    const unmonitored = annexIvCoverage(card('x', 1, 2, 'y', { oversight: { monitoring: [] } as unknown as CoveredCard['oversight'] }));
    expect(unmonitored.find((p) => p.point === '3')).toMatchObject({ coverage: 'partly', note: expect.stringMatching(/Missing from this card: Monitoring in production\.$/) });
    const unsigned = annexIvCoverage(card('x', 1, 2, 'y', { lastSigned: null }));
    expect(unsigned.find((p) => p.point === '2')).toMatchObject({ coverage: 'partly', note: expect.stringMatching(/Missing from this card: Approvals and signatures\.$/) });
    // A signed card carries no live records: its monitoring is not judged, and its own request holds the signatures.
    expect(annexIvCoverage(card('x', 1, 2, 'y', { oversight: null, lastSigned: null, request: {} as CoveredCard['request'] }))).toEqual(ANNEX_IV_COVERAGE);
  });
});
