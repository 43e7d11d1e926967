'use client';

import { CartesianGrid, Dot, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { axisTicks, axisWidth, tickLabel } from './axis-ticks';

export type ChartPoint = {
  /** ISO window end. */
  at: string;
  /** The figure rules judge (the server's own where it computed one). */
  value: number | null;
  /** The producer's figure, drawn apart only where the server computed its own. */
  reported: number | null;
  /** The producer said "no drift" and the judged figure breaches. */
  contradicted: boolean;
};

export type ChartThreshold = { value: number; label: string };

type Props = { points: ChartPoint[]; thresholds: ChartThreshold[]; hasComputed: boolean };

const JUDGED = '#1d4ed8';
const REPORTED = '#64748b';
const THRESHOLD = '#b91c1c';

/** A contradicted point is a larger red ring: visible without colour alone through its size and the table beside it. */
function JudgedDot(props: { cx?: number; cy?: number; payload?: ChartPoint }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined) return null;
  return payload?.contradicted ? <Dot cx={cx} cy={cy} r={6} fill="#fff" stroke={THRESHOLD} strokeWidth={3} /> : <Dot cx={cx} cy={cy} r={3} fill={JUDGED} stroke={JUDGED} />;
}

/**
 * One monitored series over time against its rule's threshold. The drawing is hidden from screen readers (the
 * page gives each series a table); recharts' keyboard layer is off for the same reason as the other charts.
 */
export function MonitoringSeriesChart({ points, thresholds, hasComputed }: Props) {
  const data = points.map((p) => ({ ...p, day: p.at.slice(0, 10) }));
  const ticks = axisTicks(Math.max(...points.flatMap((p) => [p.value ?? 0, p.reported ?? 0]), ...thresholds.map((t) => t.value)));
  return (
    <div className="h-56" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickLine={false} axisLine={false} fontSize={11} stroke="#64748b" minTickGap={24} />
          <YAxis tickLine={false} axisLine={false} fontSize={11} stroke="#64748b" width={axisWidth(ticks)} domain={[0, ticks.at(-1)!]} ticks={ticks} interval={0} tickFormatter={tickLabel} />
          <Tooltip contentStyle={{ fontSize: 12, borderRadius: 6 }} labelFormatter={(_, items) => String(items?.[0]?.payload?.at ?? '').replace('T', ' ').slice(0, 16) + ' UTC'} />
          {thresholds.map((t) => (
            <ReferenceLine key={t.value} y={t.value} stroke={THRESHOLD} strokeDasharray="6 3" label={{ value: t.label, position: 'insideTopRight', fontSize: 11, fill: THRESHOLD }} />
          ))}
          {hasComputed ? <Line type="linear" dataKey="reported" name="Reported" stroke={REPORTED} strokeDasharray="4 4" dot={{ r: 2.5, fill: REPORTED, strokeDasharray: '0' }} isAnimationActive={false} connectNulls /> : null}
          <Line type="linear" dataKey="value" name={hasComputed ? 'Computed by Provenant' : 'Reported'} stroke={JUDGED} strokeWidth={2} dot={<JudgedDot />} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
