import { describe, expect, it } from 'vitest';
import { classifyImport } from './pickle-policy';
import { scanPickleBytes } from './scan-pickle';
import { bytes, shortUnicode } from './testing';

/** Protocols 0 to 3 import with GLOBAL; 4 and 5 with STACK_GLOBAL on names stored in the memo and fetched back. */
function callPickle(module: string, name: string, protocol: number): Buffer {
  const args = "(S'id'\ntR.";
  if (protocol < 4) return bytes(protocol >= 2 ? [0x80, protocol] : [], `c${module}\n${name}\n`, args);
  return bytes([0x80, protocol], shortUnicode(module), '\x940', shortUnicode(name), '\x940', 'h\x00h\x01\x93', args);
}
const instPickle = (module: string, name: string) => bytes(`(S'id'\ni${module}\n${name}\n.`);
const objPickle = (module: string, name: string) => bytes(`(c${module}\n${name}\nS'id'\no.`);
const PROTOCOLS = [0, 1, 2, 3, 4, 5];

/** Callables that run code, reach the system or the network, or load code, as pickle exploits use them. */
const CODE_LOADING = [
  'builtins.eval', 'builtins.exec', 'builtins.getattr', 'builtins.__import__', 'builtins.compile', 'builtins.open',
  '__builtin__.eval', '__builtin__.execfile', 'os.system', 'os.popen', 'os.execv', 'posix.system', 'nt.system',
  'subprocess.Popen', 'subprocess.run', 'subprocess.check_output', 'commands.getoutput', 'runpy.run_path', 'runpy._run_code',
  'importlib.import_module', 'importlib.util.spec_from_file_location', 'pty.spawn', 'socket.create_connection', 'webbrowser.open',
  'torch._inductor.codecache.compile_file', 'torch.jit.unsupported_tensor_ops.execWrapper', 'numpy.testing._private.utils.runstring',
  'operator.attrgetter', '_operator.methodcaller', 'code.InteractiveInterpreter.runcode', 'ctypes.CDLL', 'pickle.loads', 'torch.load',
  'pydoc.pipepager', 'timeit.timeit', 'cProfile.run', 'asyncio.unix_events._UnixSubprocessTransport._start',
  // Not known to be dangerous, but not on the allowlist: unsafe all the same.
  'functools.partial', 'uuid._get_command_stdout', 'logging.FileHandler', 'mylib.loader.load_anything',
];
const split = (path: string): [string, string] => {
  const known = ['numpy.testing._private.utils', 'torch._inductor.codecache', 'torch.jit.unsupported_tensor_ops', 'importlib.util', 'asyncio.unix_events', 'mylib.loader'];
  const owner = known.find((m) => path.startsWith(`${m}.`)) ?? path.slice(0, path.indexOf('.'));
  return [owner, path.slice(owner.length + 1)];
};

describe('code-loading imports, at every protocol and through every importing opcode', () => {
  it.each(CODE_LOADING)('%s is unsafe, named in a critical finding', (path) => {
    const [module, name] = split(path);
    const samples = [...PROTOCOLS.map((p) => callPickle(module, name, p)), instPickle(module, name), objPickle(module, name)];
    for (const [i, data] of samples.entries()) {
      const result = scanPickleBytes(data);
      expect(result.status, `sample ${i}`).toBe('unsafe');
      expect(result.streams, `sample ${i}`).toBe(1);
      expect(result.findings.find((f) => f.severity === 'critical')?.message, `sample ${i}`).toContain(`${module}.${name}`);
    }
  });

  it('flags an operator.attrgetter chain that fetches os.system from an imported module and calls it', () => {
    // attrgetter('system')(__import__('os'))('id'): the last call's callee is a call result, not an import.
    const data = bytes('\x80\x02', "coperator\nattrgetter\n(S'system'\ntR", "(c__builtin__\n__import__\n(S'os'\ntRtR", "(S'id'\ntR.");
    const result = scanPickleBytes(data);
    expect(result.status).toBe('unsafe');
    expect(result.findings.map((f) => f.code)).toEqual(['unsafe_serialization', 'unsafe_serialization', 'indirect_call']);
  });

  it.each(PROTOCOLS)('keeps the allowlist clean at protocol %i (the same builders, an allowlisted callable)', (protocol) => {
    const data = protocol < 4 ? bytes(protocol >= 2 ? [0x80, protocol] : [], 'ccollections\nOrderedDict\n)R.') : bytes([0x80, protocol], shortUnicode('collections'), '\x940', shortUnicode('OrderedDict'), '\x940', 'h\x00h\x01\x93)R.');
    expect(scanPickleBytes(data).status).toBe('clean');
  });
});

describe('the allowlist', () => {
  it('is small: torch rebuild helpers and storages, OrderedDict, numpy reconstruction, plain containers', () => {
    expect(classifyImport('torch._utils', '_rebuild_tensor_v2')).toBe('allowed');
    expect(classifyImport('numpy.core.multiarray', '_reconstruct')).toBe('allowed');
    expect(classifyImport('_codecs', 'encode')).toBe('allowed');
    for (const path of ['torch._utils:_rebuild_tensor_v2.__globals__', 'torch:load', 'numpy:load', 'collections:defaultdict', 'torch.nn.modules.linear:Linear']) {
      const [module, name] = path.split(':') as [string, string];
      expect(classifyImport(module, name), path).not.toBe('allowed');
    }
  });
});
