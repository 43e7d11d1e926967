/** ELK's gap between layers when the graph runs left to right. */
const LAYER_GAP = 80;

/** ELK's options for the lineage graph: layered, upstream first (left on wide screens, top on phones). */
export function elkLayoutOptions(direction: 'RIGHT' | 'DOWN'): Record<string, string> {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': direction,
    'elk.layered.spacing.nodeNodeBetweenLayers': direction === 'RIGHT' ? String(LAYER_GAP) : '56',
    'elk.spacing.nodeNode': '24',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    // Each label gets room of its own on its edge, halfway along it: none sits on a node or on another label.
    'elk.edgeLabels.placement': 'CENTER',
    'elk.edgeLabels.inline': 'true',
    // No margin of ELK's own: the graph's extent is its nodes and routes, and the canvas adds the padding.
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  };
}
