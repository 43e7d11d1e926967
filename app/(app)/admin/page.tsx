import { forbidden, redirect } from 'next/navigation';
import { requirePageActor } from '@/lib/auth/session';
import { adminSections } from '@/components/layout/admin-sections';

/** The sidebar's Administration entry: the first administration page this person may manage. */
export default async function AdminPage() {
  const actor = await requirePageActor();
  const first = adminSections(actor)[0];
  if (!first) forbidden();
  redirect(first[0]);
}
