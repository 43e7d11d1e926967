'use client';

import { useState } from 'react';
import { humanize } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { MonitoringRule } from '@/db/schema';
import { COMPARATORS, SEVERITIES } from '@/db/schema/vocabulary';
import { COMPARATOR_SYMBOLS } from '@/lib/evidence/metric';
import { Caption } from './caption';

const CONTROL = 'min-w-0 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset';
const BLANK: MonitoringRule = { metric: '', feature: null, comparator: 'gte', threshold: 0, windowDays: 30, severity: 'medium', source: '' };

type Row = { key: number; rule: MonitoringRule };

/** The production policy's monitoring rules, one row each; a breach is `metric comparator threshold` within the window. */
export function MonitoringRulesFields({ rules, errors }: { rules: MonitoringRule[]; errors: Record<string, string> }) {
  const [rows, setRows] = useState<Row[]>(() => rules.map((rule, key) => ({ key, rule })));
  const [next, setNext] = useState(rules.length);
  const rowErrors = (i: number) => Object.entries(errors).filter(([path]) => path.startsWith(`monitoringRules.${i}.`)).map(([path, message]) => `${humanize(path.split('.').at(-1)!)}: ${message}`);
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Monitoring rules</legend>
      <p className="mt-1 text-xs text-slate-600">
        A result breaches a rule when its figure meets the condition (for example psi ≥ 0.25) and its window ended within the last N days; each breach raises or
        counts again one finding per metric and feature. Leave the feature empty to judge every feature. PSI and JS distance are read from Provenant&apos;s own computation when histograms were sent.
      </p>
      <div className="mt-2 space-y-3">
        {rows.map(({ key, rule }, i) => {
          const label = `Rule ${i + 1}`;
          const problems = rowErrors(i);
          return (
            <div key={key} className="rounded-md border border-slate-200 p-2">
              {/* Each control under its visible caption; its accessible name adds the rule's number. */}
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-[1.2fr_1.2fr_4.5rem_5rem_6rem_6.5rem]">
                <Caption text="Metric"><input name={`monitoringRules.${i}.metric`} aria-label={`${label} metric`} defaultValue={rule.metric} placeholder="e.g. psi" className={CONTROL} /></Caption>
                <Caption text="Feature"><input name={`monitoringRules.${i}.feature`} aria-label={`${label} feature (empty: every feature)`} defaultValue={rule.feature ?? ''} placeholder="Any feature" className={CONTROL} /></Caption>
                <Caption text="Condition">
                  <select name={`monitoringRules.${i}.comparator`} aria-label={`${label} comparator`} defaultValue={rule.comparator} className={CONTROL}>
                    {COMPARATORS.map((c) => <option key={c} value={c}>{COMPARATOR_SYMBOLS[c]}</option>)}
                  </select>
                </Caption>
                <Caption text="Threshold"><input name={`monitoringRules.${i}.threshold`} aria-label={`${label} threshold`} type="number" step="any" defaultValue={rule.threshold} className={CONTROL} /></Caption>
                <Caption text="Window (days)"><input name={`monitoringRules.${i}.windowDays`} aria-label={`${label} window in days`} type="number" min={1} max={3650} defaultValue={rule.windowDays} className={CONTROL} /></Caption>
                <Caption text="Severity">
                  <select name={`monitoringRules.${i}.severity`} aria-label={`${label} severity`} defaultValue={rule.severity} className={CONTROL}>
                    {SEVERITIES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
                  </select>
                </Caption>
              </div>
              <div className="mt-2 flex flex-wrap items-end gap-2">
                <span className="flex-1 basis-48"><Caption text="Source of the threshold"><input name={`monitoringRules.${i}.source`} aria-label={`${label} source of the threshold`} defaultValue={rule.source ?? ''} placeholder="Where the threshold comes from" className={CONTROL} /></Caption></span>
                <Button variant="ghost" onClick={() => setRows(rows.filter((r) => r.key !== key))}>Remove {label.toLowerCase()}</Button>
              </div>
              {problems.length ? <p className="mt-1 text-xs font-medium text-rose-700">{problems.join(' ')}</p> : null}
            </div>
          );
        })}
      </div>
      <Button variant="secondary" className="mt-2" onClick={() => { setRows([...rows, { key: next, rule: BLANK }]); setNext(next + 1); }}>Add monitoring rule</Button>
    </fieldset>
  );
}
