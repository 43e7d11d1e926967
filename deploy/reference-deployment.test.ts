import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { INTERRUPT_MS } from '@/lib/http/graceful-stop.mjs';

// No Docker engine runs where the tests run: what can be checked without one is checked here (README, "Reference
// deployment", says what was built and run by hand, and how the reliability suites run the image).
const root = process.cwd();
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; volumes?: string[]; image?: string; build?: string; command?: string[]; depends_on?: Record<string, unknown>; restart?: string; stop_grace_period?: string }> };
const dockerfile = read('Dockerfile');
const packageJson = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
/** The variables in the first cell of the README's configuration table rows. */
const readmeVariables = new Set(
  read('README.md')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)),
);
const replicas = Object.entries(compose.services).filter(([name, service]) => service.build === '.' && name.startsWith('app-'));

describe('compose.yaml, the reference deployment', () => {
  it('is a valid Compose file (the Compose Specification schema, deploy/spec)', () => {
    // The schema names its meta-schema by an https address ajv does not know under that name; it is draft-07.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
    const validate = ajv.compile(JSON.parse(read('deploy/spec/compose-spec.json')));
    expect(validate(parse(read('compose.yaml'), { merge: true })), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('runs two replicas of this image on one PostgreSQL, one bucket and one session secret, sharing the signing keys', () => {
    expect(replicas.map(([name]) => name)).toEqual(['app-1', 'app-2']);
    const [first, second] = replicas.map(([, service]) => service);
    expect(first!.environment).toEqual(second!.environment);
    expect(first!.environment!.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    // The replicas connect as the role the database's first start makes, which owns nothing; the image's user migrates.
    const role = /^CREATE ROLE (\w+) LOGIN PASSWORD '([^']+)';$/m.exec(read('deploy/postgres-init/10-app-role.sql'))!;
    expect(new URL(first!.environment!.DATABASE_URL!)).toMatchObject({ username: role[1], password: role[2] });
    // Only the one-shot migrate service holds the owner's password (the image's user); the replicas wait for it.
    expect(first!.environment!.DATABASE_MIGRATION_URL).toBeUndefined();
    const migrate = compose.services.migrate!;
    // Once per `up`, after the database is up: a restart policy would run it in a loop.
    expect(migrate).toMatchObject({ build: '.', restart: 'no', command: ['npm', 'run', 'cli', '--', 'db', 'migrate'], environment: { ...first!.environment, DATABASE_MIGRATION_URL: expect.any(String) }, depends_on: { postgres: { condition: 'service_healthy' } } });
    expect(new URL(migrate.environment!.DATABASE_MIGRATION_URL!).username).toBe(compose.services.postgres!.environment!.POSTGRES_USER);
    for (const [, service] of replicas) expect(service.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    expect(compose.services.postgres!.volumes).toContain('./deploy/postgres-init:/docker-entrypoint-initdb.d:ro');
    expect(first!.environment!.BLOB_STORE).toMatch(/^s3:\/\/provenant\//);
    expect(first!.environment!.NEXTAUTH_SECRET).toMatch(/^\$\{NEXTAUTH_SECRET:\?/);
    for (const [, service] of replicas) expect(service.volumes).toContain('keys:/data/keys');
    expect(new Set(replicas.map(([, service]) => service.volumes![0]!.split(':')[0])).size).toBe(2);
  });

  it('sets only variables the README documents', () => {
    for (const [, service] of replicas) {
      for (const name of Object.keys(service.environment!)) expect(readmeVariables, name).toContain(name);
    }
  });

  it('sends traffic only to replicas whose readiness probe, which exists, answers', () => {
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).toMatch(/reverse_proxy app-1:3000 app-2:3000/);
    const probe = /health_uri (\S+)/.exec(caddyfile)![1]!;
    expect(probe).toBe('/api/health/ready');
    expect(fs.existsSync(path.join(root, 'app', probe, 'route.ts'))).toBe(true);
    expect(compose.services.postgres!.image).toBe('postgres:15');
  });

  it("closes idle connections to a replica before the replica does, so no request is written into one it closed", () => {
    const proxyIdleSeconds = Number(/keepalive (\d+)s/.exec(read('deploy/Caddyfile'))?.[1]);
    const replicaIdleSeconds = Number(/keepAliveTimeout = ([\d_]+)/.exec(read('server.mjs'))?.[1]?.replaceAll('_', '')) / 1000;
    expect(proxyIdleSeconds).toBeGreaterThan(0);
    expect(proxyIdleSeconds).toBeLessThan(replicaIdleSeconds);
  });

  // `caddy` is installed by .ci/run (scripts/ensure-caddy.sh); the reliability suite runs this file in front of replicas.
  it.runIf(spawnSync('caddy', ['version']).status === 0)('has a Caddyfile that Caddy accepts', () => {
    const run = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', 'deploy/Caddyfile'], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: os.tmpdir(), XDG_DATA_HOME: os.tmpdir() } });
    expect(run.status, run.stderr).toBe(0);
  });

  it('stops a replica only after the proxy has taken it out and its requests have finished', () => {
    const healthIntervalSeconds = Number(/health_interval (\d+)s/.exec(read('deploy/Caddyfile'))?.[1]);
    const drainSeconds = Number(replicas[0]![1].environment!.STOP_DRAIN_SECONDS);
    // A check may have just passed when the drain begins: the next one must fail before the replica stops listening.
    expect(drainSeconds).toBeGreaterThan(2 * healthIntervalSeconds);
    const graceSeconds = Number(/graceMs: ([\d_]+)/.exec(read('server.mjs'))?.[1]?.replaceAll('_', '')) / 1000;
    // Then the packs still under way go back to the queue, which must happen before the engine's kill -9.
    const interruptSeconds = INTERRUPT_MS / 1000;
    for (const [, service] of replicas) expect(Number.parseInt(service.stop_grace_period!)).toBeGreaterThan(drainSeconds + graceSeconds + interruptSeconds);
  });

  it('names a version of every image it pulls: no floating latest', () => {
    const images = Object.values(compose.services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image, image).toMatch(/^[^:]+:(?!latest$)[\w.-]+$/);
  });
});

describe('Dockerfile', () => {
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));

  it('serves as an unprivileged user, its health check the liveness probe (the proxy routes on readiness)', () => {
    expect(runtime).toMatch(/^USER provenant$/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/health\/live/);
    expect(runtime).toMatch(/^CMD \["node", "server\.mjs"\]$/m);
  });

  it('installs production dependencies only, which hold everything the server runs outside the build', () => {
    // Installed in a stage with a compiler (better-sqlite3 compiles where GitHub's prebuilt binaries are out of
    // reach), copied into a runtime stage without one.
    const dependencies = /FROM toolchain AS production-dependencies\n(?:.*\n)*?RUN npm ci --omit=dev\b/;
    expect(dockerfile).toMatch(dependencies);
    expect(runtime).toMatch(/^COPY --from=production-dependencies \/app\/node_modules \.\/node_modules$/m);
    expect(runtime).not.toMatch(/g\+\+|python3|npm ci/);
    expect(dockerfile).toMatch(/^ENV npm_config_nodedir=\/usr\/local$/m);
    // The evidence-pack generator is `node --import tsx lib/cli/main.ts` (launch-pack-runner.ts), as is `npm run cli`.
    expect(read('lib/packs/launch-pack-runner.ts')).toMatch(/'--import', 'tsx'/);
    expect(Object.keys(packageJson.dependencies)).toEqual(expect.arrayContaining(['tsx', 'next', 'better-sqlite3', 'pg']));
  });

  it('leaves local installs, builds, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.next', 'data', '.env*', '.git', 'backup*', '*.pem', '**/keys']));
  });
});
