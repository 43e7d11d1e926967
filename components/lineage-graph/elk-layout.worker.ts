import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';

/** Lays the graph out off the main thread: layered, upstream first (left on wide screens, top on phones). */
const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkNode; direction: 'RIGHT' | 'DOWN' }>) => {
  try {
    const laidOut = await elk.layout(event.data.graph, {
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': event.data.direction,
        'elk.layered.spacing.nodeNodeBetweenLayers': event.data.direction === 'RIGHT' ? '80' : '56',
        'elk.spacing.nodeNode': '24',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
        // Each label gets room of its own on its edge, halfway along it: none sits on a node or on another label.
        'elk.edgeLabels.placement': 'CENTER',
        'elk.edgeLabels.inline': 'true',
        // No margin of ELK's own: the graph's extent is its nodes and routes, and the canvas adds the padding.
        'elk.padding': '[top=0,left=0,bottom=0,right=0]',
      },
    });
    self.postMessage({ id: event.data.id, graph: laidOut });
  } catch (error) {
    self.postMessage({ id: event.data.id, error: String(error) });
  }
};
