import { describe, expect, it } from 'vitest';
import type { ReviewSnapshotContent } from '@/lib/reviews/review-snapshot';
import { reviewSnapshotGaps } from './review-snapshot-contents';

const version = (id: string, stage: string) => ({ id, stage, model: 'aml-alert-prioritiser', version: id, modelId: 'm', artifactSha256: 'a'.repeat(64), cardSha256: null });
const finding = (ref: string, severity: string, status: string) => ({ ref, severity, status });
const snapshot = (parts: { versions?: unknown[]; monitoring?: unknown[]; findings?: unknown[] }) =>
  ({ card: { versions: parts.versions ?? [] }, monitoring: parts.monitoring ?? [], findings: parts.findings ?? [] }) as unknown as ReviewSnapshotContent;

describe('what a reviewer is asked to weigh before signing', () => {
  it('names production versions that report no monitoring, and severe findings still open, and nothing else', () => {
    const gaps = reviewSnapshotGaps(snapshot({
      versions: [version('2.3.1', 'production'), version('2.4.0', 'staging'), version('3.0.0', 'production')],
      monitoring: [{ modelVersionId: '3.0.0', metric: 'psi', feature: 'amount' }],
      findings: [finding('F-1', 'critical', 'open'), finding('F-2', 'high', 'accepted'), finding('F-3', 'medium', 'open'), finding('F-4', 'high', 'in_remediation')],
    }));
    expect(gaps).toEqual([
      '1 version in production reports no monitoring results (aml-alert-prioritiser 2.3.1): drift and performance there go unwatched',
      '2 critical or high findings open and not accepted: F-1, F-4',
    ]);
  });

  it('has nothing to say of a watched system without severe open findings', () => {
    expect(reviewSnapshotGaps(snapshot({ versions: [version('1', 'production')], monitoring: [{ modelVersionId: '1' }], findings: [finding('F-9', 'high', 'accepted')] }))).toEqual([]);
    expect(reviewSnapshotGaps(snapshot({}))).toEqual([]);
  });
});
