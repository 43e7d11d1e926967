/**
 * The reference deployment's proxy in front of the suite's replicas: Caddy with deploy/Caddyfile as compose.yaml runs
 * it, only its addresses changed (the replicas on 127.0.0.1 instead of app-1 and app-2, its own port) and its admin
 * endpoint off, so that it needs no fixed port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Replica } from './replica';

export type Proxy = { url: string; stop(): Promise<void> };

/**
 * How long after a replica dies the proxy may still send it requests: until its active health check (deploy/Caddyfile's
 * health_interval) has failed, twice over for a check already under way. Caddy up to 2.11.1 then answers a retried
 * write with 502 ("invalid Read on closed Body", caddyserver/caddy#7546); the replica never saw it.
 */
export function proxyLearnsOfDeathMs() {
  const interval = /health_interval (\d+)s/.exec(fs.readFileSync('deploy/Caddyfile', 'utf8'));
  if (!interval) throw new Error('deploy/Caddyfile has no health_interval in seconds');
  return 2 * Number(interval[1]) * 1000;
}

export function caddyfileFor(replicas: Replica[], port: number) {
  const reference = fs.readFileSync('deploy/Caddyfile', 'utf8');
  const upstreams = 'reverse_proxy app-1:3000 app-2:3000';
  const listen = /^:8080 \{$/m;
  if (!reference.includes(upstreams) || !listen.test(reference)) throw new Error('deploy/Caddyfile no longer has the addresses this suite replaces');
  // Plain HTTP on the loopback only, as the replicas listen.
  return `{\n\tadmin off\n}\n${reference.replace(listen, `http://127.0.0.1:${port} {`).replace(upstreams, `reverse_proxy ${replicas.map((r) => `127.0.0.1:${r.port}`).join(' ')}`)}`;
}

export async function startProxy(root: string, replicas: Replica[], port: number): Promise<Proxy> {
  const url = `http://127.0.0.1:${port}`;
  // A leftover proxy on the port would answer the probe below in the new one's place.
  if (await fetch(`${url}/api/health/live`).then(() => true, () => false)) throw new Error(`port ${port} already answers: stop what listens there first`);
  const config = path.join(root, 'Caddyfile');
  fs.writeFileSync(config, caddyfileFor(replicas, port));
  const log = fs.openSync(path.join(root, 'caddy.log'), 'a');
  // Caddy keeps its state under XDG_CONFIG_HOME and XDG_DATA_HOME: the suite's directory, not the home directory.
  const child: ChildProcess = spawn('caddy', ['run', '--config', config, '--adapter', 'caddyfile'], {
    stdio: ['ignore', log, log],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(root, 'caddy-config'), XDG_DATA_HOME: path.join(root, 'caddy-data') },
  });
  fs.closeSync(log);
  let failedToStart: Error | undefined;
  child.once('error', (error) => (failedToStart = error)); // no caddy binary: reported below, not thrown from an event
  const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  process.on('exit', kill);
  // Ready when it routes to a replica: its first active health check has passed.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (child.exitCode !== null || failedToStart) break;
    if (await fetch(`${url}/api/health/live`).then((res) => res.ok, () => false)) {
      return {
        url,
        async stop() {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          if (kill()) await exited;
        },
      };
    }
  }
  kill();
  if (failedToStart) throw new Error(`Caddy could not start (${failedToStart.message}): run scripts/ensure-caddy.sh`);
  throw new Error(`Caddy did not route to the replicas on port ${port}; see ${path.join(root, 'caddy.log')}:\n${fs.readFileSync(path.join(root, 'caddy.log'), 'utf8').slice(-2000)}`);
}
