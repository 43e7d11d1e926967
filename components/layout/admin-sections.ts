import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';

/** The administration pages, in the order of their tabs: each shown to whoever may manage it. */
export function adminSections(actor: Actor): [string, string][] {
  const sections: [string, string][] = [];
  if (can(actor, 'user.manage')) sections.push(['/admin/users', 'Users']);
  if (can(actor, 'webhook.manage')) sections.push(['/admin/webhooks', 'Webhooks']);
  if (can(actor, 'integration.manage')) sections.push(['/admin/integrations', 'MLflow']);
  if (can(actor, 'trust.manage')) sections.push(['/admin/trust', 'Signature trust']);
  return sections;
}
