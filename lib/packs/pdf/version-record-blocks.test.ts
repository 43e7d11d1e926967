import { describe, expect, it } from 'vitest';
import type { FlowBlock } from '@/lib/pdf/flow';
import type { PackData } from '../collect-pack-data';
import { evidenceBlocks } from './version-record-blocks';

const sha = 'a'.repeat(64);
const version = { id: 'v1', systemName: 'Card fraud detection', modelName: 'fraud-scorer', version: '3.2.0', artifactSha256: sha } as PackData['versions'][number];
const metric = { id: 'm', evaluationId: 'e1', unit: null, lowerBound: null, upperBound: null };
const evaluation = {
  id: 'e1', modelVersionId: 'v1', kind: 'evaluation', environment: 'staging', producer: 'CI', status: 'active', statusChangedAt: null, statusReason: null,
  createdAt: '2026-11-02T10:00:00.000Z', performedAt: '2026-11-02T09:00:00.000Z', artifactSha256: sha, attachments: [],
  metrics: [
    { ...metric, name: 'auc', value: 0.81, threshold: 0.75, comparator: 'gte', passed: true, origin: 'claimed' },
    { ...metric, name: 'f1', value: 0.62, threshold: null, comparator: null, passed: null, origin: 'computed' },
  ],
};
const data = { evidence: [evaluation] } as unknown as PackData;

describe('the evidence pack’s evidence table', () => {
  it('says of every metric whether the server computed it or the caller reported it', () => {
    const block = evidenceBlocks(data, version).find((b): b is Extract<FlowBlock, { kind: 'table' }> => b.kind === 'table' && b.title.startsWith('Evidence of'))!;
    const metrics = block.laidOut[0]!.lines[block.columns.findIndex((c) => c.title === 'Metrics')]!.join(' ');
    expect(metrics).toContain('auc 0.81 (stated ≥ 0.75: pass), self-reported');
    expect(metrics).toContain('f1 0.62, computed');
  });
});
