'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';

const CONTROL = 'block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600';

/** Editable metric rows; each is sent as metrics.<i>.name/value/threshold/comparator. */
export function MetricRows({ errors }: { errors: Record<string, string> }) {
  const [rows, setRows] = useState([0]);
  const [next, setNext] = useState(1);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Metrics</legend>
      <p className="text-xs text-slate-500">Pass or fail is computed by the server from the threshold.</p>
      <div className="mt-2 space-y-2">
        {rows.map((key, i) => (
          <div key={key} className="grid grid-cols-[2fr_1fr_5rem_1fr_auto] items-start gap-2">
            <input name={`metrics.${i}.name`} aria-label={`Metric ${i + 1} name`} placeholder="roc_auc" className={CONTROL} />
            <input name={`metrics.${i}.value`} aria-label={`Metric ${i + 1} value`} type="number" step="any" placeholder="value" className={CONTROL} />
            <select name={`metrics.${i}.comparator`} aria-label={`Metric ${i + 1} comparator`} className={CONTROL} defaultValue="">
              <option value="">—</option>
              {Object.entries(COMPARATOR_SYMBOLS).map(([value, symbol]) => <option key={value} value={value}>{symbol}</option>)}
            </select>
            <input name={`metrics.${i}.threshold`} aria-label={`Metric ${i + 1} threshold`} type="number" step="any" placeholder="threshold" className={CONTROL} />
            <Button variant="ghost" aria-label={`Remove metric ${i + 1}`} onClick={() => setRows(rows.filter((r) => r !== key))}>✕</Button>
            {Object.entries(errors).filter(([k]) => k.startsWith(`metrics.${i}.`)).map(([k, message]) => (
              <p key={k} className="col-span-5 text-xs font-medium text-rose-700">{message}</p>
            ))}
          </div>
        ))}
      </div>
      <Button variant="secondary" className="mt-2" onClick={() => { setRows([...rows, next]); setNext(next + 1); }}>Add metric</Button>
    </fieldset>
  );
}
