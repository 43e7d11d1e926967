import type { ReactNode } from 'react';
import { humanize } from '@/components/ui/badge';
import type { Actor } from '@/lib/auth/actor';
import { adminSections } from './admin-sections';
import { can } from '@/lib/auth/permissions';
import { SideNavigation } from './side-navigation';

export const MAIN_ID = 'main';

function navigationLinks(actor: Actor): [string, string][] {
  // Without a role every page but home and the account refuses: nothing else to lead to.
  if (actor.roles.length === 0) return [['/', 'Dashboard']];
  const links: [string, string][] = [
    ['/', 'Dashboard'],
    ['/inbox', 'Inbox'],
    ['/systems', 'AI systems'],
    ['/models', 'Models'],
    ['/datasets', 'Datasets'],
    ['/lineage', 'Lineage'],
    ['/approvals', 'Approvals'],
    ['/findings', 'Findings'],
    ['/reviews', 'Reviews'],
    ['/incidents', 'Incidents'],
    ['/admin/policies', 'Policies'],
  ];
  if (can(actor, 'audit.read')) links.push(['/audit', 'Audit trail']);
  if (can(actor, 'audit.read') || can(actor, 'pack.generate')) links.push(['/audit/packs', 'Evidence packs']);
  if (can(actor, 'token.manage', { ownerIds: [actor.userId] })) links.push(['/tokens', 'API tokens']);
  // Users, webhooks, MLflow and signature trust: one entry, with tabs between them (app/(app)/admin/(settings)).
  if (adminSections(actor).length > 0) links.push(['/admin', 'Administration']);
  // Auditors need the key ids to check the key inside a pack; admins rotate.
  if (can(actor, 'signing_key.rotate') || can(actor, 'audit.read')) links.push(['/admin/signing-keys', 'Signing keys']);
  return links;
}

/** The signed-in frame: a sidebar from the lg breakpoint, a top bar with a menu below it, and the main landmark. */
export async function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  return (
    <div className="min-h-screen lg:flex">
      <a
        href={`#${MAIN_ID}`}
        className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-medium text-indigo-700 shadow-lg ring-2 ring-indigo-500 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:px-4 focus:py-2"
      >
        Skip to main content
      </a>
      <SideNavigation links={navigationLinks(actor)} inbox={can(actor, 'inventory.read')} renderedAt={new Date().toISOString()} userName={actor.name} roles={actor.roles.map(humanize).join(', ') || 'No role'} />
      <main id={MAIN_ID} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}
