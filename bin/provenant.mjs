#!/usr/bin/env node
// @ts-check
// Provenant's command for CI pipelines; plain Node 20, no build step. `provenant --help` documents it.
import { run } from './lib/run.mjs';

process.exitCode = await run(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
