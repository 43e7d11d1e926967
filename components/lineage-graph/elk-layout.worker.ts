import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';

/** Lays the graph out off the main thread: layered, left to right, upstream on the left. */
const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkNode }>) => {
  try {
    const laidOut = await elk.layout(event.data.graph, {
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '80',
        'elk.spacing.nodeNode': '24',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
    });
    self.postMessage({ id: event.data.id, graph: laidOut });
  } catch (error) {
    self.postMessage({ id: event.data.id, error: String(error) });
  }
};
