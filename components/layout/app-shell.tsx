import type { ReactNode } from 'react';
import { humanize } from '@/components/ui/badge';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { Logo } from './logo';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';

export function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const links: [string, string][] = [
    ['/', 'Dashboard'],
    ['/systems', 'AI systems'],
    ['/models', 'Models'],
    ['/datasets', 'Datasets'],
    ['/lineage', 'Lineage'],
    ['/approvals', 'Approvals'],
    ['/admin/policies', 'Policies'],
  ];
  if (can(actor, 'audit.read')) links.push(['/audit', 'Audit trail']);
  if (can(actor, 'audit.read') || can(actor, 'pack.generate')) links.push(['/audit/packs', 'Evidence packs']);
  if (can(actor, 'token.manage', { ownerIds: [actor.userId] })) links.push(['/tokens', 'API tokens']);
  if (can(actor, 'user.manage')) links.push(['/admin/users', 'Users']);
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col bg-slate-900 px-3 py-5">
        <Logo className="mb-6 px-3" />
        <nav aria-label="Main" className="flex flex-1 flex-col gap-1">
          {links.map(([href, label]) => (
            <NavLink key={href} href={href} nested={links.map(([other]) => other).filter((other) => other.startsWith(`${href}/`))}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-800 px-3 pt-4">
          <p className="truncate text-sm font-medium text-white" data-testid="current-user">{actor.name}</p>
          <p className="truncate text-xs text-slate-400">{actor.roles.map(humanize).join(', ') || 'No role'}</p>
          <div className="mt-3">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">
        <div className="mx-auto max-w-7xl">{children}</div>
      </main>
    </div>
  );
}
