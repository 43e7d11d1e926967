import { describe, expect, it } from 'vitest';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, metric, values } from './report-test-helpers';

// Fixtures: garak's own test reports at three versions (tests/_assets/...); see fixtures/README.md.
const lines = (name: string) => fixture(name).toString('utf8').split('\n');
const withEval = (name: string, replace: (entry: Record<string, unknown>) => Record<string, unknown>) =>
  bytesOf(lines(name).map((line) => (line.includes('"entry_type": "eval"') ? JSON.stringify(replace(JSON.parse(line))) : line)).join('\n'));

describe('garak reports', () => {
  it('garak 0.14 with bootstrap bounds: 13 fails of 50 is 26%, bounds 14%-38% kept as garak wrote them', () => {
    const report = parseToolReport(fixture('garak-0.14-with-ci.report.jsonl'));
    expect(report).toMatchObject({ format: 'garak', kind: 'red_team', tool: 'garak 0.14.0.pre1' });
    expect(metric(report, 'attack_success_rate')).toMatchObject({ value: 0.26, lowerBound: 0.14, upperBound: 0.38, unit: null });
    expect(values(report)).toMatchObject({ attack_success_rate_upper: 0.38, failed_probes: 1, probes_total: 1 });
    expect(metric(report, 'attack_success_rate:test.Test:always.Pass').value).toBe(0.26);
    expect(report.issues).toEqual([expect.objectContaining({ key: 'garak:test.Test:always.Pass', severity: 'medium', suppressed: false })]);
    expect(report.notes.join(' ')).not.toMatch(/Wilson/);
  });

  it('garak 0.13.3 (`total`, `nones`, no bounds): 0 of 8, with a Wilson upper bound of 32.4% computed and said', () => {
    const report = parseToolReport(fixture('garak-0.13.3-nones.report.jsonl'));
    expect(report.tool).toBe('garak 0.13.3.pre1');
    expect(metric(report, 'attack_success_rate')).toMatchObject({ value: 0, lowerBound: 0, upperBound: 0.324408 });
    expect(report.issues).toEqual([]);
    expect(report.notes.join(' ')).toMatch(/Wilson score interval/);
  });

  it('garak 0.13.0 aggregate: two probes; the overall rate is the worst pair and the upper bound the widest', () => {
    const report = parseToolReport(fixture('garak-0.13.0-agg.report.jsonl'));
    expect(values(report)).toMatchObject({ attack_success_rate: 0, probes_total: 2, failed_probes: 0 });
    // lmrc.QuackMedicine evaluated one output: 0 of 1 has an upper bound of 79.3%, the widest.
    expect(values(report).attack_success_rate_upper).toBe(0.793451);
  });

  it("garak's qual-review asset (no opening entries, ANSI escapes in outputs): two of three pairs fail 1 of 1", () => {
    const report = parseToolReport(fixture('garak-qual-review-mixed.report.jsonl'), 'garak');
    expect(report.tool).toBe('garak');
    expect(values(report)).toMatchObject({ attack_success_rate: 1, attack_success_rate_upper: 1, failed_probes: 2, probes_total: 3 });
    // One output each: the Wilson interval of 1 of 1 runs from 20.7% to 100%, so the lower bound is kept honest.
    expect(metric(report, 'attack_success_rate').lowerBound).toBeCloseTo(0.2065, 3);
    expect(report.issues.map((i) => [i.key, i.severity])).toEqual([
      ['garak:ansiescape.AnsiRaw:always.Fail', 'critical'],
      ['garak:lmrc.QuackMedicine:lmrc.QuackMedicine', 'critical'],
    ]);
  });

  it('counts eval entries, not attempt entries: a rate comes from fails over outputs evaluated', () => {
    const report = parseToolReport(withEval('garak-0.13.3-nones.report.jsonl', (e) => ({ ...e, passed: 2, total: 8 })));
    expect(metric(report, 'attack_success_rate').value).toBe(0.75);
    expect(report.issues[0]).toMatchObject({ severity: 'high' });
    const all = parseToolReport(withEval('garak-0.13.3-nones.report.jsonl', (e) => ({ ...e, passed: 0, total: 8 })));
    expect(all.issues[0]).toMatchObject({ severity: 'critical' });
    const one = parseToolReport(withEval('garak-0.13.3-nones.report.jsonl', (e) => ({ ...e, passed: 199, total: 200 })));
    expect(one.issues[0]).toMatchObject({ severity: 'low' });
  });

  it('a pair evaluated twice (a resumed run) is pooled and its bounds recomputed', () => {
    const text = fixture('garak-0.14-with-ci.report.jsonl').toString('utf8');
    const evalLine = text.split('\n').find((line) => line.includes('"entry_type": "eval"'))!;
    const report = parseToolReport(Buffer.from(`${text.trimEnd()}\n${evalLine}\n`));
    const rate = metric(report, 'attack_success_rate');
    expect(rate.value).toBe(0.26);
    // 26 of 100: the Wilson 95% interval is about 18.4%-35.4%, narrower than garak's 14%-38% for 13 of 50.
    expect(rate.lowerBound).toBeCloseTo(0.184, 3);
    expect(rate.upperBound).toBeCloseTo(0.354, 3);
  });

  it('a report without eval entries, or whose evals evaluated no output, is refused: an unfinished run is no evidence', () => {
    const head = lines('garak-0.14-with-ci.report.jsonl').filter((line) => !line.includes('"entry_type": "eval"'));
    const error = invalidOf(() => parseToolReport(bytesOf(head.join('\n')), 'garak'));
    expect(error.message).toMatch(/no completed analysis: the garak report has no `eval` entries/);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    const opening = lines('garak-0.14-with-ci.report.jsonl').filter((line) => /"entry_type": "(start_run setup|init)"/.test(line));
    expect(opening).toHaveLength(2);
    expect(invalidOf(() => parseToolReport(bytesOf(opening.join('\n')))).message).toMatch(/no `eval` entries/);
    const nothing = withEval('garak-0.14-with-ci.report.jsonl', ({ confidence_lower: _l, confidence_upper: _u, ...e }) => ({ ...e, passed: 0, fails: 0, total_evaluated: 0 }));
    expect(invalidOf(() => parseToolReport(nothing)).message).toMatch(/evaluated any output/);
  });

  it.each([
    ['passed as a string', { passed: '37' }, /passed/],
    ['more passed than evaluated', { passed: 51 }, /more outputs passed/],
    ['fails that do not add up', { fails: 12 }, /do not add up/],
    ['a bound given as NaN', { confidence_upper: 'NaN' }, /confidence_upper/],
    ['a bound over 1', { confidence_upper: 1.5 }, /confidence_upper/],
    ['bounds crossed', { confidence_lower: 0.5, confidence_upper: 0.2 }, /lower ≤ upper/],
    ['a lone bound', { confidence_lower: undefined }, /pair/],
    ['a huge count', { passed: 1e300, total_evaluated: 1e300 }, /whole number/],
  ])('refuses an eval entry with %s', (_label, patch, message) => {
    const error = invalidOf(() => parseToolReport(withEval('garak-0.14-with-ci.report.jsonl', (e) => ({ ...e, ...patch }))));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/at line 7\./);
  });

  it('refuses a broken line, a non-object line and a file that is not a garak run', () => {
    const text = fixture('garak-0.14-with-ci.report.jsonl').toString('utf8');
    expect(invalidOf(() => parseToolReport(Buffer.from(`${text}{"entry_type": "eval", `), 'garak')).message).toMatch(/not valid JSON/);
    expect(invalidOf(() => parseToolReport(Buffer.from(`${text}[1,2]\n`), 'garak')).message).toMatch(/expected an object/);
    expect(invalidOf(() => parseToolReport(bytesOf('{"entry_type": "banana"}\n{"entry_type": "split"}'), 'garak')).message).toMatch(/no garak entries/);
  });
});
