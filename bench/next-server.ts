/** The production server (server.mjs) for the bench: start, sign in through next-auth, and always stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const PORT = Number(process.env.BENCH_PORT ?? 3300);
export const BASE = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;
/** The server's own pid (server.mjs runs Next in-process), for sampling its memory from /proc. */
export const serverPid = () => server?.pid;
/** Kills the whole process group; also runs on exit and on signals. */
function stopServer(signal: NodeJS.Signals = 'SIGTERM') {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, signal);
    } catch {}
  }
}
process.on('exit', () => stopServer('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** The normal way out: a graceful stop, waited for, so the audit bench that follows runs on a quiet machine. */
export async function stopServerAndWait() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  stopServer();
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  stopServer('SIGKILL');
  if (process.env.BENCH_PID_FILE) fs.rmSync(process.env.BENCH_PID_FILE, { force: true });
}

export async function startServer(dataDir: string, logFile: string) {
  if (await fetch(`${BASE}/status`).then(() => true, () => false)) throw new Error(`Port ${PORT} is already in use.`);
  const log = fs.openSync(logFile, 'w');
  server = spawn(process.execPath, ['server.mjs'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), NEXTAUTH_URL: BASE, NODE_ENV: 'production' },
  });
  if (process.env.BENCH_PID_FILE) fs.writeFileSync(process.env.BENCH_PID_FILE, String(server.pid));
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (server.exitCode !== null) break;
    if (await fetch(`${BASE}/status`).then((r) => r.ok, () => false)) return;
  }
  throw new Error(`The server did not come up on port ${PORT}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/** next-auth's credentials flow, as a browser does it: CSRF token and cookie first, then the form post. */
export async function signIn(account: { email: string; password: string }): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, ...account, json: 'true' }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.startsWith('next-auth.session-token'))) throw new Error(`Sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return cookie();
}
