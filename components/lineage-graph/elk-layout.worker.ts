import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { elkLayoutOptions } from './elk-options';

/** Lays the graph out off the main thread. */
const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkNode; direction: 'RIGHT' | 'DOWN' }>) => {
  try {
    const laidOut = await elk.layout(event.data.graph, { layoutOptions: elkLayoutOptions(event.data.direction) });
    self.postMessage({ id: event.data.id, graph: laidOut });
  } catch (error) {
    self.postMessage({ id: event.data.id, error: String(error) });
  }
};
