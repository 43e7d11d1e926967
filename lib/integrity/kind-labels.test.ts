import { describe, expect, it } from 'vitest';
import { deploymentStageProblem } from './kind-labels';

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
