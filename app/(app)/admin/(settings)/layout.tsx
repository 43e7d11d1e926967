import type { ReactNode } from 'react';
import { AdminTabs } from '@/components/layout/admin-tabs';
import { requirePageActor } from '@/lib/auth/session';
import { adminSections } from '@/components/layout/admin-sections';

/** Users, webhooks, MLflow and signature trust: one entry in the sidebar, tabs between them. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const sections = adminSections(actor);
  return (
    <>
      {sections.length > 1 ? <AdminTabs sections={sections} /> : null}
      {children}
    </>
  );
}
