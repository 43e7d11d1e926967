import { describe, expect, it } from 'vitest';
import { generatorLastWords } from './generator-last-words';

// In the form Node 20 prints when a process runs out of heap (an attacker's oversized pack ended so: SIGABRT).
const OUT_OF_MEMORY = `
<--- Last few GCs --->

[31337:0x6a4e000]    91234 ms: Mark-Compact 4041.2 (4130.6) -> 4027.9 (4133.6) MB, 1890.12 / 0.00 ms  (average mu = 0.112, current mu = 0.021) allocation failure; scavenge might not succeed

<--- JS stacktrace --->

FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory
 1: 0xb8d0a3 node::Abort() [node]
 2: 0xa9c8f0  [node]
 3: 0xd6e2a0 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]
`;

describe('what a dead generator last said, as a pack error', () => {
  it('says it ran out of memory and what to do, without the heap statistics and native stack', () => {
    const said = generatorLastWords(OUT_OF_MEMORY);
    expect(said).toBe('it ran out of memory: the pack holds more than one generator can render; narrow its scope or period');
    expect(said).not.toMatch(/0x|node::|Mark-Compact/);
  });

  it('keeps the last line of an error and drops its stack frames', () => {
    expect(generatorLastWords('Error: no such table: findings\n    at Database.prepare (node_modules/better-sqlite3/lib/methods/wrappers.js:5:21)\n    at run (lib/cli/pack-run.ts:40:3)\n')).toBe('Error: no such table: findings');
    expect(generatorLastWords('')).toBe('');
    expect(generatorLastWords(`Error: ${'x'.repeat(1000)}`)).toHaveLength(300);
  });
});
