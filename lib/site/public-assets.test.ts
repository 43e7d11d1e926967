import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config as proxyConfig } from '@/proxy';

const PUBLIC = path.join(process.cwd(), 'public');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('public files', () => {
  it('tells every crawler to stay out of this internal tool', () => {
    expect(fs.readFileSync(path.join(PUBLIC, 'robots.txt'), 'utf8')).toMatch(/^User-agent: \*\nDisallow: \/\n$/);
  });

  it('has a favicon.ico of PNG images and app icons at 32, 180, 192 and 512 pixels', () => {
    const ico = fs.readFileSync(path.join(PUBLIC, 'favicon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ({ size: ico[6 + 16 * i] || 256, length: ico.readUInt32LE(14 + 16 * i), offset: ico.readUInt32LE(18 + 16 * i) }));
    expect(entries.map((e) => e.size)).toEqual([16, 32, 48]);
    for (const e of entries) expect(pngSize(ico.subarray(e.offset, e.offset + e.length))).toEqual([e.size, e.size]);
    const icons: [string, number][] = [['icons/icon-32.png', 32], ['apple-touch-icon.png', 180], ['icons/icon-192.png', 192], ['icons/icon-512.png', 512]];
    for (const [file, size] of icons) expect(pngSize(fs.readFileSync(path.join(PUBLIC, file))), file).toEqual([size, size]);
    const manifest = JSON.parse(fs.readFileSync(path.join(PUBLIC, 'manifest.webmanifest'), 'utf8')) as { icons: { src: string; sizes: string }[] };
    for (const icon of manifest.icons) expect(pngSize(fs.readFileSync(path.join(PUBLIC, icon.src)))).toEqual(icon.sizes.split('x').map(Number));
  });

  it('are served without a session, while pages still redirect to sign-in', () => {
    const matches = (url: string) => unstable_doesMiddlewareMatch({ config: proxyConfig, url });
    for (const url of ['/robots.txt', '/favicon.ico', '/icon.svg', '/apple-touch-icon.png', '/icons/icon-192.png', '/manifest.webmanifest']) expect(matches(url), url).toBe(false);
    for (const url of ['/', '/systems', '/audit/packs']) expect(matches(url), url).toBe(true);
  });
});

describe('.ci/run', () => {
  it('fails, and runs no tests, when npm ci refuses the lockfile', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-npm-'));
    const log = path.join(bin, 'calls');
    // An npm whose `ci` refuses like a lockfile out of sync; every other call is logged and succeeds.
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "$*" >> "${log}"\nif [ "$1" = ci ]; then echo "npm error \\\`npm ci\\\` can only install packages when your package.json and package-lock.json are in sync" >&2; exit 1; fi\nexit 0\n`, { mode: 0o755 });
    const run = spawnSync('bash', ['.ci/run'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/can only install packages when/);
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toContain('ci --no-audit --no-fund');
    expect(calls).not.toContain('test');
    fs.rmSync(bin, { recursive: true, force: true });
  });
});
