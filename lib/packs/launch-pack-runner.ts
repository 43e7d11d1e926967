import 'server-only';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { dataDir } from '@/lib/config';
import { finishBeforeStop, stopBeginsWithin } from '@/lib/http/graceful-stop.mjs';
import { failEvidencePack, GENERATOR_ACTOR, requeueEvidencePack } from './finish-evidence-pack';
import { generatorLastWords } from './generator-last-words';

/** How long after its generator died of SIGINT or SIGTERM this server waits to hear the same signal itself. */
const STOP_SIGNAL_WINDOW_MS = 2_000;

/**
 * Starts `pack run <id>` in a child Node process (React's full build, tsx for the TypeScript sources) so rendering
 * hundreds of pages never blocks the server's event loop. The IPC channel is how the child notices this server is
 * gone and stops (lib/cli/pack-run.ts). If it dies without finishing, the pack is failed with what it last printed.
 * A stop of this server waits for it; one that cannot wait longer ends it and puts its pack back in the queue.
 */
export function launchPackRunner(packId: string) {
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    ['--import', path.join(/* turbopackIgnore: true */ root, 'lib', 'cli', 'pack-runtime.mjs'), '--import', 'tsx', path.join(/* turbopackIgnore: true */ root, 'lib', 'cli', 'main.ts'), 'pack', 'run', packId],
    { cwd: root, env: { ...process.env, DATA_DIR: dataDir() }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  let lastWords = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    lastWords = `${lastWords}${chunk.toString()}`.slice(-1500);
  });
  let interrupted = false;
  // Called from the child's events: a failure to record the failure is logged, never left to crash the server, and a
  // stop of the server waits for it.
  const failUnlessFinished = (reason: string) => {
    if (interrupted) return;
    if (lastWords.trim()) console.error(`Evidence pack ${packId}: the generator's last output:\n${lastWords.trim()}`);
    const said = generatorLastWords(lastWords);
    void finishBeforeStop(failEvidencePack(GENERATOR_ACTOR, packId, `${reason}${said ? `: ${said}` : ''}`).catch((error: unknown) => console.error(`Could not mark evidence pack ${packId} failed:`, error)));
  };
  // A child that could not start emits 'error' and never 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const putBack = () =>
    requeueEvidencePack(packId).then((outcome) => {
      if (outcome !== 'untouched') console.log(`Evidence pack ${packId}: ${outcome === 'requeued' ? 'back in the queue' : 'failed, interrupted too often'} (this server is stopping).`);
    });
  child.on('error', (error) => failUnlessFinished(`The generator could not start (${error.message})`));
  child.on('exit', (code, signal) => {
    if (code === 0) return;
    const ended = `The generator process ended (${signal ?? `exit code ${code}`})`;
    if (signal !== 'SIGTERM' && signal !== 'SIGINT') return failUnlessFinished(ended);
    // Killed by the signal that stops this server, before it could ignore it (lib/cli/pack-runtime.mjs): not the pack's
    // fault. Which of the two deaths this server hears of first is not fixed, so it waits a moment for its own signal.
    void finishBeforeStop(
      stopBeginsWithin(STOP_SIGNAL_WINDOW_MS).then(async (stopping) => {
        if (!stopping) return failUnlessFinished(ended);
        if (interrupted) return;
        interrupted = true;
        await putBack().catch((error: unknown) => console.error(`Could not put evidence pack ${packId} back in the queue:`, error));
      }),
    );
  });
  void finishBeforeStop(exited, async () => {
    // Ended first, so that nothing it writes can land after its pack is back in the queue for another generator.
    interrupted = true;
    child.kill('SIGKILL');
    await exited;
    await putBack();
  });
  return child;
}
