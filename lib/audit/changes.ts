import { canonicalJson } from '@/lib/canonical-json';

/** The fields a patch really changes, as before/after subsets for the audit event. */
export function changedFields<T extends Record<string, unknown>>(current: T, patch: Partial<T>) {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const next = patch[key];
    if (next === undefined) continue;
    if (canonicalJson(current[key] ?? null) !== canonicalJson(next ?? null)) {
      before[key] = current[key];
      after[key] = next;
    }
  }
  return { before, after, changed: Object.keys(after).length > 0 };
}
