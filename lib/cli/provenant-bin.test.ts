import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '@/lib/testing-scratch';

/**
 * The pipeline CLI (bin/provenant.mjs) run as CI runs it, with `node`, against a local HTTP endpoint that answers what
 * the test says: the exit code mapping (0 yes, 1 no, 2 cannot tell) and the messages a CI log shows. e2e/cli.spec.ts
 * runs it against the real server.
 */
const BIN = path.join(process.cwd(), 'bin/provenant.mjs');
const TOKEN = 'pvn_secret-token-never-printed';

type Seen = { method: string; url: string; authorization?: string; body: Buffer };
type Reply = { status: number; body?: unknown; raw?: string; hang?: boolean };
let reply: (seen: Seen) => Reply = () => ({ status: 200, body: {} });
const seen: Seen[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const entry = { method: request.method!, url: request.url!, authorization: request.headers.authorization, body: Buffer.concat(chunks) };
      seen.push(entry);
      const answer = reply(entry);
      if (answer.hang) return;
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function provenant(args: string[], env: Record<string, string | undefined> = {}, input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile('node', [BIN, ...args], { env: { NODE_ENV: 'test', PATH: process.env.PATH, PROVENANT_URL: baseUrl, PROVENANT_TOKEN: TOKEN, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

const requirement = (label: string, met: boolean, detail: string) => ({ id: label, label, met, detail });
const gateAnswer = (passed: boolean) => ({ modelVersionId: 'v1', stage: 'staging', target: 'production', rollback: false, gate: { passed, policyVersion: 3, expeditedRollback: false, requirements: [requirement('Artifact scanned and safe', true, 'Clean.'), requirement('Red team evidence', passed, passed ? 'Received.' : 'Missing.')] } });

describe('the command line', () => {
  it('refuses bad command lines with exit 2 and the usage, and never takes a token as an option', async () => {
    const cases = [
      [['gate', '--version', 'v1'], '--stage <stage> is required'],
      [['gate', '--version', 'v1', '--stage', 'prod'], 'must be one of: staging, production'],
      [['deploy'], 'Unknown command "deploy"'],
      [['gate', '--version', 'v1', '--stage', 'production', '--verbose'], "Unknown option '--verbose'"],
      [['gate', '--version', 'v1', '--stage', 'production', 'extra'], 'Unexpected argument'],
      [['verify', '--digest', 'abc'], '64 hexadecimal characters'],
      [['gate', '--version', 'v1', '--stage', 'production', '--timeout', 'NaN'], 'timeout must be a number of seconds'],
      [['gate', '--version', 'v1', '--stage', 'production', '--timeout', '1e9'], 'timeout must be a number of seconds'],
      [['gate', '--version', 'v1', '--stage', 'production', `--token=${TOKEN}`], 'never taken on the command line'],
      [['register', '--model', 'm', '--version', '1', '--file', '/no/such/file'], 'no such file'],
    ] as const;
    for (const [args, message] of cases) {
      const result = await provenant([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr).not.toContain(TOKEN);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(seen).toEqual([]);
  });

  it('needs PROVENANT_URL and PROVENANT_TOKEN from the environment (exit 2), and warns of a token over plain HTTP', async () => {
    expect(await provenant(['gate', '--version', 'v1', '--stage', 'production'], { PROVENANT_URL: undefined })).toMatchObject({ code: 2, stderr: expect.stringContaining('Set PROVENANT_URL') });
    expect(await provenant(['gate', '--version', 'v1', '--stage', 'production'], { PROVENANT_TOKEN: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('Set PROVENANT_TOKEN') });
    expect(await provenant(['gate', '--version', 'v1', '--stage', 'production'], { PROVENANT_URL: 'ftp://example.com' })).toMatchObject({ code: 2, stderr: expect.stringContaining('must be http(s)') });
    const plain = await provenant(['gate', '--version', 'v1', '--stage', 'production'], { PROVENANT_URL: 'http://provenant.invalid' });
    expect(plain).toMatchObject({ code: 2, stderr: expect.stringContaining('plain HTTP') });
    expect(plain.stderr).toContain('Cannot reach http://provenant.invalid');
  });

  it('documents the exit codes in --help and each command in its own --help (exit 0)', async () => {
    const help = await provenant(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*0 {2}yes[\s\S]*1 {2}no[\s\S]*2 {2}no answer/);
    const gate = await provenant(['gate', '--help']);
    expect(gate).toMatchObject({ code: 0, stdout: expect.stringContaining('Token scope: read.') });
  });
});

describe('answers mapped to exit codes', () => {
  it('gate: 0 when it passes, 1 with each unmet requirement on stderr, and the bearer token sent', async () => {
    reply = () => ({ status: 200, body: gateAnswer(true) });
    const pass = await provenant(['gate', '--version', 'v1', '--stage', 'production']);
    expect(pass).toMatchObject({ code: 0, stdout: expect.stringContaining('Gate for production passes') });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/model-versions/v1/gate?stage=production', authorization: `Bearer ${TOKEN}` });
    reply = () => ({ status: 200, body: gateAnswer(false) });
    const fail = await provenant(['gate', '--version', 'v1', '--stage', 'production']);
    expect(fail.code).toBe(1);
    expect(fail.stderr.trim().split('\n')).toEqual(['unmet: Red team evidence: Missing.']);
    const json = await provenant(['gate', '--version', 'v1', '--stage', 'production', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ gate: { passed: false } });
  });

  it('gate, promote, report, register and lineage: a 2xx that is not the answer they read is exit 2, never a verdict', async () => {
    const url = (p: string) => `Unexpected answer from ${p.split(' ')[0]} ${baseUrl}/api/v1${p.split(' ')[1]}`;
    const gate = ['gate', '--version', 'v1', '--stage', 'production'];
    const file = path.join(scratchDir('provenant-cli-'), 'report.sarif');
    fs.writeFileSync(file, '{}');
    const cases: [string[], unknown, string][] = [
      [gate, { gate: { passed: true, requirements: [] } }, `${url('GET /model-versions/v1/gate')}: answer.target is missing, not "production"`],
      [gate, { ...gateAnswer(true), target: 'staging' }, 'answer.target is "staging", not "production"'],
      [gate, { ...gateAnswer(true), gate: { ...gateAnswer(true).gate, passed: 'true' } }, 'answer.gate.passed is not true or false'],
      [gate, { ...gateAnswer(true), gate: { ...gateAnswer(true).gate, requirements: [{ label: 'x' }] } }, 'answer.gate.requirements[0].met is not true or false'],
      [gate, [], 'answer is not an object'],
      [['promote', '--version', 'v1', '--stage', 'production', '--justification', 'All evidence came from the pipeline.'], { ok: true }, `${url('POST /promotion-requests')}: answer.id is not a string`],
      [['report', '--version', 'v1', '--file', file], { id: 'e1', kind: 'robustness', metrics: [{ name: 'asr', value: '0.1' }] }, `${url('POST /evaluations/reports')}: answer.metrics[0].value is not a number`],
      [['lineage', '--file', '-'], { items: 'all good' }, `${url('POST /lineage')}: answer.items is not a list`],
      [['lineage', '--file', '-'], { status: 'fine' }, 'answer.items is not a list'],
    ];
    for (const [args, body, message] of cases) {
      reply = () => ({ status: 200, body });
      const result = await provenant(args, {}, args[0] === 'lineage' ? '{"eventType":"START"}' : undefined);
      expect(result, message).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
    }
    const model = path.join(path.dirname(file), 'model.safetensors');
    fs.writeFileSync(model, 'bytes');
    reply = () => ({ status: 201, body: { sha256: 'd'.repeat(64), size: 5, format: 'safetensors', scan: { status: 'clean', findings: [] } } });
    const register = await provenant(['register', '--model', 'm1', '--version', '1', '--file', model]);
    expect(register).toMatchObject({ code: 2, stderr: expect.stringContaining(`${url('POST /artifacts')}: answer.sha256 is "${'d'.repeat(64)}"`) });
  });

  it('turns 401, 403, 404, 413, 5xx, non-JSON, a dead port and a silent server into exit 2 with a message naming the cause', async () => {
    const cases: [Reply, string][] = [
      [{ status: 401, body: { error: { code: 'unauthenticated', message: 'The token has expired.' } } }, 'token was refused (401)'],
      [{ status: 403, body: { error: { code: 'forbidden', message: 'This API token lacks the scope for inventory.read.' } } }, 'scope "read"'],
      [{ status: 404, body: { error: { code: 'not_found', message: 'Model version not found.' } } }, 'Not found (404)'],
      [{ status: 413, body: { error: { code: 'too_large', message: 'Larger than 8 GiB.' } } }, 'Too large (413)'],
      [{ status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } } }, 'The server failed (500)'],
      [{ status: 200, raw: '<html>login</html>' }, 'something other than JSON'],
      [{ status: 413, raw: '<html><center>413 Request Entity Too Large</center> nginx</html>' }, 'Too large (413)'],
    ];
    for (const [answer, message] of cases) {
      reply = () => answer;
      const result = await provenant(['gate', '--version', 'v1', '--stage', 'production']);
      expect(result.code, message).toBe(2);
      expect(result.stderr, message).toContain(message);
      expect(result.stderr).not.toContain(TOKEN);
    }
    const dead = await provenant(['verify', '--digest', 'a'.repeat(64)], { PROVENANT_URL: 'http://127.0.0.1:9' });
    expect(dead).toMatchObject({ code: 2, stderr: expect.stringContaining('Cannot reach http://127.0.0.1:9') });
    reply = () => ({ status: 200, hang: true });
    const silent = await provenant(['gate', '--version', 'v1', '--stage', 'production', '--timeout', '1']);
    expect(silent).toMatchObject({ code: 2, stderr: expect.stringContaining('No answer from GET') });
  });

  it('verify: 0 only for the approved digest, 1 saying what it is instead; the sha256: prefix is accepted', async () => {
    const digest = 'b'.repeat(64);
    reply = () => ({ status: 200, body: { sha256: digest, approved: false, verdict: 'other_stage', stage: 'production', message: 'Not in production: scorer 2 (system Credit) is in staging.', approvedVersionId: null, versions: [] } });
    const no = await provenant(['verify', '--digest', `sha256:${digest.toUpperCase()}`, '--system', 'sys-1']);
    expect(no).toMatchObject({ code: 1, stderr: expect.stringContaining('Not approved for production (other stage): Not in production') });
    expect(seen.at(-1)!.url).toBe(`/api/v1/model-versions/approved?sha256=${digest}&stage=production&systemId=sys-1`);
    const version = { id: 'v9', modelName: 'scorer', version: '3', stage: 'production', systemName: 'Credit', approval: { requestId: 'r1', signatures: [{ printedName: 'Rita Chen', role: 'risk_officer' }] } };
    const approvedAnswer = { sha256: digest, approved: true, verdict: 'approved', stage: 'production', message: '', approvedVersionId: 'v9', versions: [version] };
    reply = () => ({ status: 200, body: approvedAnswer });
    const yes = await provenant(['verify', '--digest', digest]);
    expect(yes).toMatchObject({ code: 0, stdout: expect.stringContaining('signed by Rita Chen (risk officer)') });
    const forged: [unknown, string][] = [
      [{ ...approvedAnswer, sha256: 'c'.repeat(64) }, `answer.sha256 is "${'c'.repeat(64)}", not "${digest}"`],
      [{ approved: true }, 'answer.sha256 is missing'],
      [{ ...approvedAnswer, stage: 'staging' }, 'answer.stage is "staging", not "production"'],
      [{ ...approvedAnswer, versions: [] }, 'answer.approvedVersionId is not a listed version approved for production'],
      [{ ...approvedAnswer, versions: [{ ...version, approval: null }] }, 'answer.approvedVersionId is not a listed version approved for production'],
      [{ ...approvedAnswer, verdict: 'other_stage' }, 'answer.approved contradicts answer.verdict'],
      [{ ...approvedAnswer, approved: 'yes' }, 'answer.approved is not true or false'],
    ];
    for (const [body, problem] of forged) {
      reply = () => ({ status: 200, body });
      const result = await provenant(['verify', '--digest', digest]);
      expect(result, problem).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(`Unexpected answer from GET ${baseUrl}/api/v1/model-versions/approved: ${problem}`) });
    }
  });

  it('promote: 0 with the request link; 1 when the gate refuses (409)', async () => {
    reply = () => ({ status: 201, body: { id: 'req-1', targetStage: 'production' } });
    const opened = await provenant(['promote', '--version', 'v1', '--stage', 'production', '--justification', 'All evidence came from the pipeline.']);
    expect(opened).toMatchObject({ code: 0, stdout: expect.stringContaining(`${baseUrl}/approvals/req-1`) });
    expect(JSON.parse(seen.at(-1)!.body.toString())).toEqual({ modelVersionId: 'v1', targetStage: 'production', justification: 'All evidence came from the pipeline.' });
    reply = () => ({ status: 409, body: { error: { code: 'conflict', message: 'The gate does not pass, so the request cannot be submitted. Red team evidence: Missing.' } } });
    const refused = await provenant(['promote', '--version', 'v1', '--stage', 'production', '--justification', 'All evidence came from the pipeline.']);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('Red team evidence: Missing.') });
  });

  it('register: declares the locally computed digest before the bytes, and exits 1 when the scan says unsafe', async () => {
    const file = path.join(scratchDir('provenant-cli-'), 'model.pkl');
    fs.writeFileSync(file, Buffer.from('not really a pickle, only bytes to hash'));
    const digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    reply = (s) => (s.url === '/api/v1/artifacts' ? { status: 201, body: { sha256: digest, size: 39, format: 'pickle', scan: { status: 'unsafe', findings: [{ severity: 'critical', message: 'GLOBAL os.system' }] } } } : { status: 201, body: { id: 'v2', version: '2.0.0', artifactSha256: digest } });
    const result = await provenant(['register', '--model', 'm1', '--version', '2.0.0', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('critical: GLOBAL os.system');
    const [upload, create] = seen.slice(-2);
    const multipart = upload!.body.toString('latin1');
    expect(multipart.indexOf(`name="sha256"\r\n\r\n${digest}`)).toBeGreaterThan(-1);
    expect(multipart.indexOf('name="sha256"')).toBeLessThan(multipart.indexOf('name="file"'));
    expect(JSON.parse(create!.body.toString())).toMatchObject({ modelId: 'm1', version: '2.0.0', artifactSha256: digest, artifactSize: 39 });
  });

  it('lineage: NDJSON from stdin in batches under the server limits, event indexes kept, exit 1 when one is rejected', async () => {
    const events = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ eventType: 'COMPLETE', run: { runId: `r${i}` } })).join('\n');
    const before = seen.length;
    reply = (s) => {
      const batch = JSON.parse(s.body.toString()) as unknown[];
      return { status: 201, body: { items: batch.map((_, index) => (index === 7 ? { index, status: 'rejected', issues: [{ path: 'outputs.0.outputFacets.outputStatistics.rowCount', message: 'Expected a number.' }] } : { index, status: 'accepted' })) } };
    };
    const result = await provenant(['lineage', '--file', '-'], {}, events);
    expect(seen.slice(before).map((s) => (JSON.parse(s.body.toString()) as unknown[]).length)).toEqual([500, 500, 200]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1197 events accepted, 3 rejected.');
    expect(result.stderr).toContain('event 507: rejected: outputs.0.outputFacets.outputStatistics.rowCount: Expected a number.');
    reply = () => ({ status: 400, body: { error: { code: 'invalid', message: 'No event of the batch was taken: all 2 were refused (see items).' }, items: [{ index: 0, status: 'rejected', code: 'invalid', message: 'The event is not a valid OpenLineage RunEvent.', issues: [{ path: 'job', message: 'Required.' }] }, { index: 1, status: 'rejected', code: 'conflict', message: 'Run r1 belongs to job a.b, not c.d.' }] } });
    const refused = await provenant(['lineage', '--file', '-'], {}, '[{"eventType":"START"},{"eventType":"START"}]');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('event 0: rejected: The event is not a valid OpenLineage RunEvent.; job: Required.');
    expect(refused.stderr).toContain('event 1: rejected: Run r1 belongs to job a.b, not c.d.');
    reply = () => ({ status: 200, body: { status: 'duplicate', runId: 'r1', id: 'x', warnings: [{ path: 'run.facets.columnLineage', message: 'No _producer.' }] } });
    const replay = await provenant(['lineage', '--file', '-'], {}, '{"eventType":"START"}');
    expect(replay).toMatchObject({ code: 0, stdout: expect.stringContaining('0 events accepted, 1 already recorded (exact replays), 0 rejected.'), stderr: expect.stringContaining('event 0: warning: run.facets.columnLineage: No _producer.') });
    reply = () => ({ status: 403, body: { error: { code: 'forbidden', message: 'This API token lacks the scope for lineage.record.' } } });
    expect(await provenant(['lineage', '--file', '-'], {}, '{"eventType":"START"}')).toMatchObject({ code: 2, stderr: expect.stringContaining('scope "lineage:write"') });
    const broken = await provenant(['lineage', '--file', '-'], {}, '{"eventType":"START"}\n{not json');
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining('Line 2 is not JSON') });
  });
});
