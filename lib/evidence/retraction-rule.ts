import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';

/**
 * Who may strike out a record of evidence: the person who recorded it, and, for a data scientist, only while the
 * version is still theirs (a previous owner must not change the gate of a version someone else now answers for). A
 * security reviewer records on any version, so their own records stay theirs to retract.
 */
export const mayRetractEvidence = (actor: Actor, recordedById: string | null, versionOwnerIds: (string | null)[]) =>
  can(actor, 'evidence.retract', { ownerIds: [recordedById] }) && can(actor, 'evidence.record', { ownerIds: versionOwnerIds });
