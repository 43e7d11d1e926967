'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { humanize } from '@/lib/words';

type Row = { age: string; critical: number; high: number; medium: number; low: number };
const SERIES = [
  ['critical', '#9f1239'],
  ['high', '#dc2626'],
  ['medium', '#d97706'],
  ['low', '#64748b'],
] as const;
/** Axis ticks short enough for four to sit side by side on a phone; the table and tooltip keep the full words. */
const SHORT: Record<string, string> = { 'Not yet due': 'Not yet due', 'Overdue 1–30 days': '1–30 d late', 'Overdue 31–90 days': '31–90 d late', 'Overdue over 90 days': '90+ d late' };

/**
 * Active findings stacked by severity in each lateness bucket; screen readers get the same counts as a table.
 * Recharts' keyboard layer is off: the drawing is hidden from assistive technology.
 */
export function FindingsAgeChart({ data }: { data: Row[] }) {
  return (
    <figure>
      <div className="h-60" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="age" interval={0} tickLine={false} axisLine={false} fontSize={11} stroke="#64748b" tickFormatter={(age: string) => SHORT[age] ?? age} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} stroke="#64748b" />
            <Tooltip cursor={{ fill: '#f1f5f9' }} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {SERIES.map(([key, color]) => <Bar key={key} dataKey={key} name={humanize(key)} stackId="severity" fill={color} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* The wrapper is what hides: a table ignores the 1px width of sr-only and would widen a phone's page. */}
      <div className="sr-only">
      <table>
        <caption>Active findings by how late they are and by severity</caption>
        <thead>
          <tr>
            <th scope="col">Lateness</th>
            {SERIES.map(([key]) => <th key={key} scope="col">{humanize(key)}</th>)}
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.age}>
              <th scope="row">{row.age}</th>
              {SERIES.map(([key]) => <td key={key}>{row[key]}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
