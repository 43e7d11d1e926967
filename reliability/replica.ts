/** Production servers (server.mjs) for the reliability suite: start on a port, wait until ready, kill -9 or stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export type Replica = { name: string; port: number; url: string; dataDir: string; child?: ChildProcess };

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) kill(child, 'SIGKILL');
});
// Interrupted (Ctrl-C, or CI's timeout): exit, so that the handler above takes the servers down with the suite.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {}
}

export function replica(name: string, port: number, dataDir: string): Replica {
  return { name, port, url: `http://127.0.0.1:${port}`, dataDir };
}

/** Starts the server in a process group of its own and waits for its readiness probe (database and store answer). */
export async function start(r: Replica, logFile: string) {
  // A leftover server on the port would answer the probe below in the new one's place.
  if (await fetch(`${r.url}/api/health/live`).then(() => true, () => false)) throw new Error(`port ${r.port} already answers: stop what listens there first`);
  fs.mkdirSync(r.dataDir, { recursive: true });
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['server.mjs'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, DATA_DIR: r.dataDir, PORT: String(r.port), NEXTAUTH_URL: r.url, NODE_ENV: 'production' },
  });
  fs.closeSync(log);
  r.child = child;
  running.add(child);
  child.once('exit', () => running.delete(child));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (child.exitCode !== null) break;
    if (await fetch(`${r.url}/api/health/ready`).then((res) => res.ok, () => false)) return;
  }
  throw new Error(`${r.name} did not become ready on port ${r.port}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/** kill -9 of the whole process group (the server and any evidence-pack generator it started), waited for. */
export async function crash(r: Replica) {
  const child = r.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  kill(child, 'SIGKILL');
  await exited;
}

/** SIGTERM to the server alone, as `docker stop` sends it to PID 1: how the server exited, once it has. */
export async function terminate(r: Replica): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = r.child!;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  return await exited;
}

/** A graceful stop, then kill -9 after 10 s. */
export async function stop(r: Replica) {
  const child = r.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  kill(child, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await crash(r);
}
