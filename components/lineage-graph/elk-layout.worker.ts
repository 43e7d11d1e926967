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
      },
    });
    self.postMessage({ id: event.data.id, graph: laidOut });
  } catch (error) {
    self.postMessage({ id: event.data.id, error: String(error) });
  }
};
