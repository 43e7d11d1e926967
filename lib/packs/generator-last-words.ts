/**
 * What a generator that died last printed, as a pack's error for the person who asked for it: the reason, not V8's
 * heap statistics and native stack (those go to the server's log). Running out of memory says what to do about it.
 */
export function generatorLastWords(stderr: string): string {
  if (/heap out of memory|Allocation failed|Reached heap limit/i.test(stderr)) return 'it ran out of memory: the pack holds more than one generator can render; narrow its scope or period';
  const lines = stderr.split('\n').map((line) => line.trim());
  // Native frames ("1: 0xb8d0a3 node::Abort()"), JavaScript frames ("at render (file:1:2)"), V8's GC trace ("[1234:0x…]").
  const said = lines.filter((line) => line && !/^\d+: 0x[0-9a-f]+/i.test(line) && !/^at /.test(line) && !/^\[\d+:0x[0-9a-f]+\]/i.test(line) && !/^<--- .* --->$/.test(line));
  return (said.at(-1) ?? '').slice(0, 300);
}
