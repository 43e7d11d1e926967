'use client';

import { ControlButton, Panel, useReactFlow, type FitViewOptions } from '@xyflow/react';

/**
 * Zoom buttons in a named group: React Flow's own Controls put aria-label on a plain div, which axe reports as
 * aria-prohibited-attr.
 */
export function ZoomToolbar({ fitViewOptions }: { fitViewOptions: FitViewOptions }) {
  const flow = useReactFlow();
  const buttons = [
    { label: 'Zoom in', symbol: '+', onClick: () => flow.zoomIn() },
    { label: 'Zoom out', symbol: '−', onClick: () => flow.zoomOut() },
    { label: 'Fit the graph to the view', symbol: '⤢', onClick: () => flow.fitView(fitViewOptions) },
  ];
  return (
    <Panel position="bottom-left" role="group" aria-label="Graph zoom" className="react-flow__controls vertical">
      {buttons.map((b) => (
        <ControlButton key={b.label} onClick={b.onClick} aria-label={b.label} title={b.label}>
          <span aria-hidden="true" className="text-base leading-none text-slate-700">{b.symbol}</span>
        </ControlButton>
      ))}
    </Panel>
  );
}
