import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'provenant-demo-2026';

export const ACCOUNTS = {
  admin: 'alex.morgan@example.com',
  dataScientist: 'dana.whitfield@example.com',
  otherDataScientist: 'sam.okafor@example.com',
  riskOfficer: 'rita.chen@example.com',
  securityReviewer: 'sebastian.kowalski@example.com',
  auditor: 'aude.laurent@example.com',
} as const;

export const dataDir = () => process.env.E2E_DATA_DIR!;

/** Signs in through the real login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Runs the project CLI against the e2e data directory. */
export function cli(args: string[], input?: string) {
  return execFileSync('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir() },
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A unique suffix so tests running in parallel never collide on names. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
