import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialectFreeTests, meetsDatabase } from '../vitest.dialect-free.mjs';

/** A throwaway tree of files, each given as its path and contents. */
function tree(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-dialect-free-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('which test files the PostgreSQL pass leaves out', () => {
  const root = tree({
    'db/index.ts': 'export const db = 1;',
    'lib/records.ts': "import { db } from '@/db';\nexport const records = db;",
    'lib/words.ts': "import { z } from 'zod';\nexport const word = z.string();",
    'lib/lazy.ts': "export const load = () => import('./records');",
    'lib/cycle-a.ts': "import './cycle-b';",
    'lib/cycle-b.ts': "import './cycle-a';\nexport {} from '../db/index';",
    'lib/through-records.test.ts': "import { records } from './records';",
    'lib/words.test.ts': "import { word } from './words';\nimport { z } from 'zod';",
    'lib/unresolved.test.ts': "import { unknown } from './missing';",
    'lib/lazy.test.ts': "import { load } from './lazy';",
    'lib/cycle.test.ts': "import './cycle-a';",
    'lib/cli.test.ts': "import { execFileSync } from 'node:child_process';",
    'lib/env.test.ts': 'const url = process.env.DATABASE_URL;',
    'lib/computed.test.ts': "const name = './records';\nawait import(name);",
    'lib/node_modules/x.test.ts': '',
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps a file whose imports reach the database however indirectly (re-exports, dynamic imports, cycles), that starts processes, or that imports what cannot be found or a computed name', () => {
    expect(dialectFreeTests(root, ['lib'])).toEqual([path.join('lib', 'words.test.ts')]);
  });

  it('on this project: an audit test meets the database, a pure formatter test does not', () => {
    const project = path.resolve(import.meta.dirname, '..');
    expect(meetsDatabase(project, path.join(project, 'lib/audit/verify-chain.test.ts'))).toBe(true);
    expect(meetsDatabase(project, path.join(project, 'lib/cli/cli.test.ts'))).toBe(true);
    expect(meetsDatabase(project, path.join(project, 'lib/words.test.ts'))).toBe(false);
  });
});
