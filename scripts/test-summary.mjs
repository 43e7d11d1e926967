// Prints one closing line over every runner: "tests: N passed, N failed".
import fs from 'node:fs';

const [vitestFile, vitestPgFile, playwrightFile] = process.argv.slice(2);
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const vitest = read(vitestFile);
const vitestPg = read(vitestPgFile);
const playwright = read(playwrightFile);
const passed = vitest.numPassedTests + vitestPg.numPassedTests + (playwright.stats.expected ?? 0);
const failed = vitest.numFailedTests + vitestPg.numFailedTests + (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
const skipped = vitest.numPendingTests + vitestPg.numPendingTests + (playwright.stats.skipped ?? 0);
// The PostgreSQL pass leaves out the files that meet no database (vitest.dialect-free.mts).
const dialectFree = vitest.testResults.length - vitestPg.testResults.length;
console.log(`\nunit on SQLite: ${vitest.numPassedTests} passed; on PostgreSQL: ${vitestPg.numPassedTests} passed (${vitestPg.numPendingTests} SQLite-only skipped, ${dialectFree} files that meet no database run on SQLite only); end-to-end: ${playwright.stats.expected} passed`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
