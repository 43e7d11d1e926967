import { describe, expect, it } from 'vitest';
import { deploymentStageProblem, integrityCheckName } from './kind-labels';
import type { IntegrityCheckInput } from './record-check';

describe('a deployment whose bytes match its version', () => {
  it('is still flagged when that version is not the one approved for its environment', () => {
    expect(deploymentStageProblem('production', 'production')).toBeNull();
    expect(deploymentStageProblem('production', 'archived')).toBe('Archived: no longer the approved production version');
    expect(deploymentStageProblem('production', 'staging')).toBe('In staging: not approved for production');
    expect(deploymentStageProblem('production', 'development')).toBe('In development: not approved for production');
    expect(deploymentStageProblem('staging', 'staging')).toBeNull();
    expect(deploymentStageProblem('staging', 'production')).toBeNull();
    expect(deploymentStageProblem('staging', 'development')).toBe('In development: not approved for staging');
    // An untracked model has no version: its own flag says so.
    expect(deploymentStageProblem('production', null)).toBeNull();
  });
});

describe('a record of integrity checks', () => {
  it('names what each kind of check did in words, whatever it found (the evidence pack lists passed checks too)', () => {
    const kinds = ['blob_rehash', 'blob_missing', 'digest_match', 'digest_mismatch', 'untracked_model'] as const satisfies readonly IntegrityCheckInput['kind'][];
    expect(kinds.map(integrityCheckName)).toEqual(['Stored bytes re-hashed', 'Stored bytes re-hashed', 'Running digest compared', 'Running digest compared', 'Running digest looked up']);
  });
});
