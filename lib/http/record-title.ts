import 'server-only';
import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { entityKey, resolveEntityNames, type EntityRef } from '@/lib/dashboard/entity-names';

/**
 * A record page's tab title, naming the record ("AI Card: credit-scorecard 3.2.0" rather than "AI Card"), so that
 * several open tabs and the browser's history tell records apart; "Not found" when there is no such record. For pages
 * that anyone signed in may read: a page its roles may refuse keeps a title that names nothing.
 */
export async function recordTitle(ref: EntityRef, format: (label: string, detail: string | null) => string = (label) => label): Promise<Metadata> {
  await requirePageActor();
  const name = (await resolveEntityNames([ref])).get(entityKey(ref));
  return { title: name ? format(name.label, name.detail) : 'Not found' };
}
