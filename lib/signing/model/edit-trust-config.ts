import 'server-only';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { illFormedInputIssues } from '@/lib/http/well-formed';
import type { TrustConfigChange, UpdateTrustConfigInput } from './schemas';
import { currentTrustConfig } from './trust-config-queries';
import { updateTrustConfig } from './update-trust-config';

function parseRoot(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // answered below
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Invalid('The trusted root was not saved.', [{ path: 'trustedRootJson', message: 'Not JSON: paste the whole trusted_root.json.' }]);
  // Its own escapes make lone surrogates and NULs that the form's text never held.
  const issue = illFormedInputIssues(json)[0];
  if (issue) throw new Invalid('The trusted root was not saved.', [{ path: 'trustedRootJson', message: `At ${issue.path || 'the top'}: ${issue.message}` }]);
  return json as Record<string, unknown>;
}

/** Applies one change from the admin page to the current configuration and saves the result as the next version. */
export async function editTrustConfig(actor: Actor, change: TrustConfigChange) {
  assertCan(actor, 'trust.manage');
  const { config } = await currentTrustConfig(getDb());
  const next: UpdateTrustConfigInput = {
    keys: config.keys.map(({ publicKeyPem, identity }) => ({ publicKeyPem, identity })),
    certificateAuthorities: config.certificateAuthorities,
    trustedRootIdentities: config.trustedRootIdentities,
  };
  if (change.op === 'add_key') next.keys.push({ publicKeyPem: change.publicKeyPem, identity: change.identity });
  if (change.op === 'add_authority') next.certificateAuthorities = [...next.certificateAuthorities, { name: change.name, certificateChainPem: change.certificateChainPem, identities: change.identities }];
  if (change.op === 'add_keyless_identity') next.trustedRootIdentities.push({ subjectAlternativeName: change.subjectAlternativeName, issuer: change.issuer });
  if (change.op === 'set_trusted_root') next.trustedRoot = parseRoot(change.trustedRootJson);
  if (change.op === 'remove' && change.list === 'trustedRoot') next.trustedRoot = null;
  else if (change.op === 'remove') next[change.list] = (next[change.list] as unknown[]).filter((_, i) => i !== change.index) as never;
  try {
    return await updateTrustConfig(actor, next);
  } catch (error) {
    // The form names its own fields: "keys.3.publicKeyPem" is the key just added, "trustedRoot" the pasted JSON.
    if (error instanceof Invalid && error.issues) throw new Invalid(error.message, error.issues.map((i) => ({ ...i, path: i.path.replace(/^keys\.\d+\./, '').replace(/^certificateAuthorities\.\d+\./, '').replace(/^trustedRoot$/, 'trustedRootJson') })));
    throw error;
  }
}
