import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** The same build served from PostgreSQL, for the `postgresql` project (e2e/postgresql.spec.ts). */
const PG_PORT = PORT + 1;
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), 'provenant-e2e');
process.env.E2E_DATA_DIR = E2E_DATA_DIR;

/** Runs against the production build (`npm run build` first) on a fresh, seeded data directory. */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'sqlite', testIgnore: /postgresql\.spec\.ts$/ },
    { name: 'postgresql', testMatch: /postgresql\.spec\.ts$/, use: { baseURL: `http://localhost:${PG_PORT}` } },
  ],
  webServer: [
    {
      command: `bash scripts/e2e-server.sh ${PORT}`,
      url: `http://localhost:${PORT}/status`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { DATA_DIR: E2E_DATA_DIR, NEXTAUTH_URL: `http://localhost:${PORT}` },
    },
    {
      command: `bash scripts/e2e-server.sh ${PG_PORT}`,
      url: `http://localhost:${PG_PORT}/status`,
      timeout: 180_000,
      reuseExistingServer: false,
      // SIGTERM lets the script stop the server and remove its PostgreSQL cluster.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      env: { DATA_DIR: `${E2E_DATA_DIR}-postgresql`, NEXTAUTH_URL: `http://localhost:${PG_PORT}`, E2E_DATABASE: 'postgresql' },
    },
  ],
});
