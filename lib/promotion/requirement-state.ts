import type { GateResult, Requirement } from './evaluate-gate';

/** How a requirement reads: a tick only when it was checked and met; an open request is pending, not a failure. */
export type RequirementState = 'met' | 'warning' | 'pending' | 'failed';

/** Scan details a met scan requirement has carried when the bytes really were scanned clean. */
const CLEAN_SCAN = ['Clean.', 'Scan clean.'];

export function requirementState(r: Requirement): RequirementState {
  if (r.pending) return 'pending';
  if (!r.met) return 'failed';
  if (r.warning) return 'warning';
  // Gates stored before unscanned bytes were refused passed them as met ("Scan unknown."): never a tick.
  if (r.id === 'scan' && !CLEAN_SCAN.includes(r.detail)) return 'warning';
  return 'met';
}

/** The gate as a whole: it fails on anything to fix; otherwise an open request makes it pending. */
export function gateStanding(gate: Pick<GateResult, 'requirements'>): 'passes' | 'pending' | 'fails' {
  const states = gate.requirements.map(requirementState);
  if (states.includes('failed')) return 'fails';
  return states.includes('pending') ? 'pending' : 'passes';
}
