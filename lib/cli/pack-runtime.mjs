// Loaded first (node --import) by the `pack run` child process, which renders PDFs and so must load React's full
// build, not the react-server one the rest of the CLI uses. Two module resolutions need help without that condition:
// - `server-only` throws outside the react-server condition; the child is server code, so it gets the empty module.
// - @react-pdf/hyphenate exports only an `import` condition, which tsx's require-based resolver cannot match.
// - Started by a server (an IPC channel to it), it ignores SIGTERM and SIGINT from its first moment: that server decides
//   when it stops (lib/cli/pack-run.ts watches the channel), and the signals that reach it too (a terminal's Ctrl-C,
//   systemd's stop of the whole service) must not cut its pack off while the server waits for it.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

function hyphenateFile(subpath, parent) {
  const from = parent?.filename ? path.dirname(parent.filename) : process.cwd();
  for (const dir of Module._nodeModulePaths(from)) {
    const root = path.join(dir, '@react-pdf', 'hyphenate');
    if (fs.existsSync(path.join(root, 'package.json'))) return path.join(root, 'lib', `${subpath ?? 'index'}.js`);
  }
  return null;
}

if (process.send) for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => undefined);

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveForPackRuntime(request, parent, ...rest) {
  if (request === 'server-only') return path.join(path.dirname(resolve.call(this, 'server-only', parent, ...rest)), 'empty.js');
  const hyphenate = /^@react-pdf\/hyphenate(?:\/([\w-]+))?$/.exec(request);
  const file = hyphenate && hyphenateFile(hyphenate[1], parent);
  return file ?? resolve.call(this, request, parent, ...rest);
};
