import { describe, expect, it } from 'vitest';
import type { FlowBlock } from '@/lib/pdf/flow';
import type { PackData } from '../collect-pack-data';
import { oversightBlocks } from './oversight-blocks';

const series = { modelVersionId: 'v1', metric: 'psi', feature: 'amount', windows: 12, computed: 12, firstWindowEnd: '2026-11-01T00:00:00.000Z', lastWindowEnd: '2026-11-30T00:00:00.000Z', min: 0.000123456789, max: 0.000211476, last: 0.000211476 };
const data = {
  pack: { periodFrom: '2026-11-01', periodTo: '2026-11-30' },
  systems: [],
  versions: [{ id: 'v1', modelName: 'fraud-scorer', version: '3.2.0' }],
  lineage: { datasetVersions: [] },
  people: [],
  oversight: { limit: 300, monitoring: { items: [series], total: 1 }, findings: { items: [], total: 0 }, waivers: { items: [], total: 0 }, reviews: { items: [], total: 0 }, incidents: { items: [], total: 0 } },
} as unknown as PackData;

describe('the evidence pack’s monitoring summary', () => {
  it('prints small values whole, never broken inside a number ("0." / "000211476")', () => {
    const block = oversightBlocks(data).find((b): b is Extract<FlowBlock, { kind: 'table' }> => b.kind === 'table' && b.title === 'Monitoring summary')!;
    const cells = Object.fromEntries(block.columns.map((column, index) => [column.title, block.laidOut[0]!.lines[index]]));
    expect(cells['Last']).toEqual(['0.000211476']);
    expect(cells['Lowest to highest']).toEqual(['0.000123457', 'to 0.000211476']);
  });
});
