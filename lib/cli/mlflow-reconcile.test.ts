import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMlflow, type FakeMlflow } from '@/lib/integrations/mlflow/fake-mlflow-server';

/** The command as a pipeline runs it, in its own process and data directory, against MLflow's doc-derived answers. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-mlflow-cli-'));
function cli(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATA_DIR: dataDir, MLFLOW_TRACKING_TOKEN: '' };
    const child = spawn('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

let mlflow: FakeMlflow;
beforeAll(async () => {
  mlflow = await startFakeMlflow();
});
afterAll(async () => {
  await mlflow.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- mlflow reconcile', () => {
  it('prints what differed on a dry run, with the token read from standard input', async () => {
    const result = await cli(['mlflow', 'reconcile', '--url', mlflow.url, '--token-stdin', '--dry-run'], 'secret-token\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(result.stdout).toContain('New here: 3 versions: fraud-detector/1, fraud-detector/2, churn-model/1');
    expect(result.stdout).toMatch(/Missing here \(in MLflow, not a Provenant version\): 3 versions\n {2}fraud-detector\/1: The provenant\.system tag names no AI system \(SYSTEM_ID\)\./);
    expect(mlflow.requests.map((r) => r.authorization)).toEqual(['Bearer secret-token', 'Bearer secret-token', 'Bearer secret-token']);
  }, 60_000);

  it('exits 2 without a URL and 1 when MLflow refuses', async () => {
    expect((await cli(['mlflow', 'reconcile'])).status).toBe(2);
    const refusing = await startFakeMlflow(undefined, 401);
    const result = await cli(['mlflow', 'reconcile', '--url', refusing.url]);
    await refusing.close();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/MLflow answered 401/);
  }, 60_000);
});
