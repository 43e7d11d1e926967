import { personWithEmail } from '@/lib/format/person';
import { humanize } from '@/lib/words';
import type { PackData } from '../collect-pack-data';

/** "2026-01-02 03:04:05" from an ISO instant (the column headers say UTC). */
export const utc = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');

export const yesNo = (value: boolean | null | undefined) => (value == null ? '—' : value ? 'Yes' : 'No');

/** A stored value in words, as the pages show it: `risk_officer` reads "Risk officer". */
export const label = (value: string | null | undefined) => (value ? humanize(value) : '—');

/** A person by name from the users table, as everywhere (ids of deleted or system actors print as the fallback, else as they are). */
export function personLabel(people: PackData['people']) {
  const byId = new Map(people.map((person) => [person.id, person]));
  return (id: string | null | undefined, fallback?: string) => {
    if (!id) return '—';
    const person = byId.get(id);
    return person ? personWithEmail(person) : (fallback ?? id);
  };
}

export type VersionInfo = PackData['versions'][number];
export const versionTitle = (version: VersionInfo) => `${version.systemName} › ${version.modelName} ${version.version}`;
