import { LINEAGE_NODE_KINDS, type LineageNodeKind } from '@/db/schema';
import { Invalid } from '@/lib/errors';

export type NodeRef = { kind: LineageNodeKind; id: string };

/** Lineage nodes are named "kind:id" in the edge table and in the API's `node` parameter. */
export const nodeKey = (kind: LineageNodeKind, id: string) => `${kind}:${id}`;

export function parseNodeKey(key: string): NodeRef {
  const at = key.indexOf(':');
  const kind = key.slice(0, at) as LineageNodeKind;
  const id = key.slice(at + 1);
  if (at < 1 || !LINEAGE_NODE_KINDS.includes(kind) || !/^[\w-]{1,64}$/.test(id)) {
    throw new Invalid('The node must be <kind>:<id>.', [{ path: 'node', message: `Use one of ${LINEAGE_NODE_KINDS.join(', ')} followed by ":" and an id.` }]);
  }
  return { kind, id };
}
