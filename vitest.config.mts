import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { dialectFreeTests } from './vitest.dialect-free.mts';

const TESTED_FOLDERS = ['lib', 'db', 'app', 'components', 'deploy'];
const onPostgres = process.env.TEST_DIALECT === 'postgresql';

export default defineConfig({
  resolve: {
    alias: {
      '@': import.meta.dirname,
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: TESTED_FOLDERS.map((folder) => `${folder}/**/*.test.ts`),
    // The PostgreSQL pass runs only the files that can meet a database; the others ran on the SQLite pass.
    exclude: onPostgres ? [...configDefaults.exclude, ...dialectFreeTests(import.meta.dirname, TESTED_FOLDERS)] : configDefaults.exclude,
    environment: 'node',
    // TEST_DIALECT=postgresql (npm run test:pg) runs the same tests on PostgreSQL, each file on a database of its own.
    setupFiles: onPostgres ? ['./vitest.pg-database.ts', './vitest.setup.ts'] : ['./vitest.setup.ts'],
    globalSetup: ['./vitest.pg-setup.ts', './vitest.s3-setup.ts'],
    pool: 'forks',
    // Vitest leaves one core idle by default (cpus - 1); CI machines have two and run nothing else meanwhile.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Set-up hooks hash passwords and seed records; on a busy two-core machine that outgrew the 10 s default.
    hookTimeout: 60_000,
  },
});
