// @ts-check
import { EXIT } from '../exit.mjs';
import { fileBlob, regularFile, uploadTimeoutMs } from '../files.mjs';
import { plural } from '../io.mjs';
import { arrayOf, boolean, number, object, optional, string } from '../shape.mjs';

const recordedShape = object({
  id: string,
  kind: string,
  reportTool: optional(string),
  reportFormat: optional(string),
  metrics: optional(arrayOf(object({ name: string, value: number, unit: optional(string), lowerBound: optional(number), upperBound: optional(number), passed: optional(boolean), origin: optional(string) }))),
  findings: optional(arrayOf(object({ ref: string, title: string, severity: string, created: boolean }))),
  notes: optional(arrayOf(string)),
});

/** @param {any} m a metric as the server computed it */
function metricLine(m) {
  const bounds = m.lowerBound != null || m.upperBound != null ? ` [${m.lowerBound ?? '…'}, ${m.upperBound ?? '…'}]` : '';
  const verdict = m.passed === true ? ' pass' : m.passed === false ? ' FAIL' : '';
  return `  ${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ''}${bounds}${verdict}${m.origin === 'claimed' ? ' (self-reported)' : ''}`;
}

/**
 * `provenant report`: sends a tool's own report; the server parses it, computes the metrics and raises findings.
 * A report the server cannot read is refused with its reason (exit 1): nothing was stored.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function report(client, options, io) {
  const file = regularFile(options.file, 'report');
  const form = new FormData();
  form.append('modelVersionId', options.version);
  if (options.format) form.append('format', options.format);
  if (options.environment) form.append('environment', options.environment);
  form.append('file', await fileBlob(file.path), file.name);
  const { status, body } = await client.request('POST', '/evaluations/reports', { form, scope: 'register', timeoutMs: uploadTimeoutMs(file.size), accept: [400], shape: recordedShape });
  if (status === 400) {
    if (io.json) io.result(body, () => []);
    io.err(`Report refused, nothing stored: ${body?.error?.message ?? 'the server could not read it.'}`);
    for (const issue of body?.error?.issues ?? []) io.err(`  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    return EXIT.no;
  }
  /** @type {any[]} */
  const metrics = body.metrics ?? [];
  /** @type {any[]} */
  const findings = body.findings ?? [];
  io.result(body, () => [
    `Recorded ${String(body.kind).replace('_', ' ')} evidence ${body.id} from ${body.reportTool ?? 'the report'} (${body.reportFormat ?? options.format ?? 'detected'}): ${plural(metrics.length, 'metric')} computed by the server`,
    ...metrics.map(metricLine),
    ...(body.notes ?? []).map((/** @type {string} */ n) => `Note: ${n}`),
    ...findings.map((f) => `Finding ${f.ref} ${f.created ? 'raised' : 'seen again'}: ${f.title} (${f.severity})`),
  ]);
  return EXIT.ok;
}
