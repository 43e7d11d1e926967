import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RUNTIME = path.join(process.cwd(), 'lib', 'cli', 'pack-runtime.mjs');

/**
 * A process started as the server starts its pack generators (lib/packs/launch-pack-runner.ts), with or without the
 * IPC channel: SIGINT is sent once its code runs, right after the runtime was imported, before anything else loads.
 */
function interruptedRightAfterTheRuntime(ipc: boolean) {
  const script = `${ipc ? "process.send('ready')" : "console.log('ready')"}; setTimeout(() => process.exit(0), 1500);`;
  const child = spawn(process.execPath, ['--import', RUNTIME, '--eval', script], { stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])] });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const interrupt = () => {
    child.kill('SIGINT');
    child.kill('SIGTERM');
  };
  if (ipc) child.once('message', interrupt);
  else child.stdout!.once('data', interrupt);
  return ended;
}

describe('the pack generator runtime', () => {
  it('ignores SIGINT and SIGTERM from its first module when a server started it: the server decides when it stops', async () => {
    expect(await interruptedRightAfterTheRuntime(true)).toEqual({ code: 0, signal: null });
  });

  it('stops on them as any command does when run by hand (`npm run pack:run`)', async () => {
    expect((await interruptedRightAfterTheRuntime(false)).signal).toMatch(/^SIG(INT|TERM)$/);
  });
});
