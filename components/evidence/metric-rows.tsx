'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { CONTROL, FieldError } from '@/components/ui/form';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';

const PARTS = ['name', 'value', 'comparator', 'threshold'] as const;
const ROW = 'items-start gap-2 sm:grid-cols-[2fr_1fr_5rem_1fr_2.5rem]';

/** Editable metric rows; each is sent as metrics.<i>.name/value/threshold/comparator, each error shown and summarised. */
export function MetricRows({ errors }: { errors: Record<string, string> }) {
  const baseId = useId();
  const [rows, setRows] = useState([0]);
  const [next, setNext] = useState(1);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Metrics</legend>
      <p className="text-xs text-slate-500">Pass or fail is computed by the server from the threshold.</p>
      <div className="mt-2 space-y-2">
        {/* Visible column names from sm up, where the row is one line; each control also carries its own name. */}
        <div aria-hidden className={cn(ROW, 'hidden text-xs font-medium text-slate-600 sm:grid')}>
          <span>Metric</span>
          <span>Value measured</span>
          <span>Pass if</span>
          <span>Threshold</span>
        </div>
        {rows.map((key, i) => {
          const control = (part: string) => {
            const name = `metrics.${i}.${part}`;
            const id = `${baseId}-${key}-${part}`;
            return { id, name, 'aria-label': `Metric ${i + 1} ${part}`, 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `${id}-error` : undefined, className: cn(CONTROL, 'px-2 py-1.5') };
          };
          return (
            <div key={key} className={cn(ROW, 'grid grid-cols-2')}>
              <input {...control('name')} placeholder="e.g. roc_auc" />
              <input {...control('value')} type="number" step="any" placeholder="value" />
              <select {...control('comparator')} defaultValue="">
                <option value="">—</option>
                {Object.entries(COMPARATOR_SYMBOLS).map(([value, symbol]) => <option key={value} value={value}>{symbol}</option>)}
              </select>
              <input {...control('threshold')} type="number" step="any" placeholder="threshold" />
              <Button variant="ghost" aria-label={`Remove metric ${i + 1}`} onClick={() => setRows(rows.filter((r) => r !== key))}>✕</Button>
              <div className="col-span-full empty:hidden">
                {PARTS.map((part) => (
                  <FieldError key={part} id={`${control(part).id}-error`} controlId={control(part).id} label={`Metric ${i + 1} ${part}`} error={errors[`metrics.${i}.${part}`]} />
                ))}
              </div>
            </div>
          );
        })}
      </div>
      <Button variant="secondary" className="mt-2" onClick={() => { setRows([...rows, next]); setNext(next + 1); }}>Add metric</Button>
    </fieldset>
  );
}
