/**
 * Production servers (server.mjs) for the reliability suite: start on a port, wait until ready, kill -9 or stop.
 *
 * With RELIABILITY_IMAGE set (`docker build -t provenant .`, then RELIABILITY_IMAGE=provenant), each replica is a
 * container of that image instead, as compose.yaml runs it: on the host's network, its DATA_DIR a host directory
 * mounted at /data (the shared keys directory at /data/keys) and handed to the image's user, the settings the README
 * documents passed in. Signals then go to the container's PID 1 through the engine, as `docker kill` and `docker stop`
 * send them. Not in `npm test` (no engine, and no registry to pull the base image from, where CI runs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Replica = { name: string; port: number; url: string; dataDir: string; child?: ChildProcess; container?: string };

const image = process.env.RELIABILITY_IMAGE;
/** The image's user (Dockerfile), who must own what is mounted at /data. */
const IMAGE_UID = 10001;
/** The README's settings a replica reads; DATA_DIR, PORT and NEXTAUTH_URL are the container's own. */
const PASSED_TO_CONTAINER = /^(DATABASE_URL|DATABASE_MIGRATION_URL|DATABASE_POOL_MAX|BLOB_STORE|S3_ENDPOINT|S3_FORCE_PATH_STYLE|AWS_REGION|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|NEXTAUTH_SECRET|TRUSTED_PROXY_HOPS|STOP_DRAIN_SECONDS|MAX_UPLOAD_BYTES|MAX_REPORT_BYTES|PACK_[A-Z_]+|MLFLOW_WEBHOOK_SECRET)$/;

const running = new Set<ChildProcess>();
const containers = new Set<string>();
process.on('exit', () => {
  for (const child of running) kill(child, 'SIGKILL');
  for (const name of containers) spawnSync('docker', ['rm', '--force', name]);
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
  const child = image
    ? spawn('docker', containerArgs(r, image), { detached: true, stdio: ['ignore', log, log] })
    : spawn(process.execPath, ['server.mjs'], {
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

/** `docker run` of the image for this replica, a leftover container of its name removed first. */
function containerArgs(r: Replica, image: string) {
  r.container = `provenant-reliability-${r.name}-${process.pid}`;
  spawnSync('docker', ['rm', '--force', r.container]);
  containers.add(r.container);
  const keys = path.join(r.dataDir, 'keys');
  const sharedKeys = fs.existsSync(keys) && fs.lstatSync(keys).isSymbolicLink() ? fs.realpathSync(keys) : undefined;
  for (const dir of [r.dataDir, sharedKeys]) {
    if (!dir) continue;
    const chown = spawnSync('chown', ['-R', `${IMAGE_UID}:${IMAGE_UID}`, dir], { encoding: 'utf8' });
    if (chown.status !== 0) throw new Error(`RELIABILITY_IMAGE: cannot hand ${dir} to the image's user ${IMAGE_UID} (run the suite as root): ${chown.stderr}`);
  }
  const settings = Object.entries(process.env).filter(([name, value]) => PASSED_TO_CONTAINER.test(name) && value !== undefined);
  return [
    'run', '--rm', '--name', r.container, '--network', 'host',
    '--volume', `${r.dataDir}:/data`, ...(sharedKeys ? ['--volume', `${sharedKeys}:/data/keys`] : []),
    ...[...settings, ['PORT', String(r.port)], ['NEXTAUTH_URL', r.url]].flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    image,
  ];
}

/** Sends a signal to the container's PID 1 through the engine; its `docker run` then exits with the container. */
function signalContainer(r: Replica, signal: NodeJS.Signals) {
  spawnSync('docker', ['kill', '--signal', signal, r.container!]);
}

/** kill -9 of the whole process group (the server and any evidence-pack generator it started), waited for. */
export async function crash(r: Replica) {
  const child = r.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (r.container) signalContainer(r, 'SIGKILL');
  else kill(child, 'SIGKILL');
  await exited;
}

/** SIGTERM to the server alone, as `docker stop` sends it to PID 1: how the server exited, once it has. */
export async function terminate(r: Replica): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = r.child!;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  if (r.container) signalContainer(r, 'SIGTERM');
  else child.kill('SIGTERM');
  return await exited;
}

/** A graceful stop, then kill -9 after 10 s. */
export async function stop(r: Replica) {
  const child = r.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (r.container) signalContainer(r, 'SIGTERM');
  else kill(child, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await crash(r);
}
