/**
 * Which imports a model pickle may make. A pickle can only do harm by importing a callable and calling it, so the
 * policy is about imports: an allowlist of the callables that rebuild tensors and plain containers (`allowed`), a
 * list of modules and callables that reach the system or run code (`dangerous`), and everything else (`unknown`).
 * The scanner treats `unknown` as unsafe too: `dangerous` only names the reason more precisely. Grow the allowlist
 * only with callables that build inert data from their arguments and never call, import or open anything.
 */

export type ImportVerdict = 'allowed' | 'dangerous' | 'unknown';

/**
 * Python 2 module names that CPython's unpickler maps to Python 3 ones (fix_imports, protocols 0 to 2), plus a few
 * more old names. Without this, `__builtin__.eval` or `commands.getoutput` would slip past the lists below.
 */
const MODULE_ALIASES: Record<string, string> = {
  __builtin__: 'builtins',
  exceptions: 'builtins',
  copy_reg: 'copyreg',
  cPickle: 'pickle',
  commands: 'subprocess',
  popen2: 'subprocess',
  urllib2: 'urllib.request',
  httplib: 'http.client',
  SocketServer: 'socketserver',
  UserDict: 'collections',
};

const TORCH_STORAGES = ['Double', 'Float', 'Half', 'BFloat16', 'Long', 'Int', 'Short', 'Char', 'Byte', 'Bool', 'ComplexDouble', 'ComplexFloat', 'QUInt8', 'QInt8', 'QInt32', 'QUInt4x2', 'QUInt2x4'];
/** dtype, layout, memory-format and qscheme objects pickle as `torch.<name>` globals; they are inert constants. */
const TORCH_CONSTANTS = [
  'float16', 'float32', 'float64', 'bfloat16', 'half', 'float', 'double', 'complex32', 'complex64', 'complex128', 'cfloat', 'cdouble', 'chalf',
  'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'short', 'int', 'long', 'bool',
  'quint8', 'qint8', 'qint32', 'quint4x2', 'quint2x4', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz', 'float8_e8m0fnu',
  'strided', 'sparse_coo', 'sparse_csr', 'contiguous_format', 'channels_last', 'channels_last_3d', 'preserve_format',
  'per_tensor_affine', 'per_channel_affine', 'per_tensor_symmetric', 'per_channel_symmetric', 'per_channel_affine_float_qparams',
];

/**
 * The allowlist: exact `module.name` pairs. Each one only builds data from its arguments; anything it calls on
 * (a tensor subclass, the class given to _reconstruct) is a separate import and is judged on its own.
 */
export const ALLOWED_IMPORTS: ReadonlySet<string> = new Set([
  // What torch.save writes for tensors, parameters and state dicts (the same set torch.load(weights_only=True) trusts).
  ...['_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state', '_rebuild_qtensor', '_rebuild_sparse_tensor', '_rebuild_nested_tensor', '_rebuild_meta_tensor_no_storage', '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_numpy'].map((f) => `torch._utils.${f}`),
  // Calls its first argument, which must itself be an import the pickle makes, so the check happens there.
  'torch._tensor._rebuild_from_type_v2',
  ...TORCH_STORAGES.flatMap((t) => [`torch.${t}Storage`, `torch.cuda.${t}Storage`]),
  'torch.storage.TypedStorage',
  'torch.storage.UntypedStorage',
  'torch.UntypedStorage',
  ...TORCH_CONSTANTS.map((c) => `torch.${c}`),
  'torch.Size',
  'torch.Tensor',
  'torch.device',
  'torch.nn.parameter.Parameter',
  // Looks a layout up by name among torch's own layout objects.
  'torch.serialization._get_layout',
  'collections.OrderedDict',
  // numpy arrays, scalars and dtypes (numpy 1 and numpy 2 module paths); object arrays pickle their items separately.
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  // Protocol 5 writes arrays as a buffer view: frombuffer(...).reshape(...), refused by numpy for object dtypes.
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.dtype',
  'numpy.ndarray',
  // Protocols 0 to 2 write bytes as _codecs.encode(text, 'latin1'): codec lookup only imports from the `encodings`
  // package, and the standard codecs are pure transforms, so it builds bytes and nothing else.
  '_codecs.encode',
  // Plain containers and numbers that protocols below 4 write as globals.
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.complex',
  'builtins.slice',
  'builtins.range',
  // Generic object construction as the protocol itself does it (cls.__new__ / object.__new__ on an imported class).
  'builtins.object',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
]);

/** Modules (and their submodules) that touch processes, files, the network, the interpreter or nested unpickling. */
const DANGEROUS_MODULES = new Set([
  'os', 'posix', 'nt', 'subprocess', '_posixsubprocess', 'pty', 'runpy', 'importlib', 'imp', 'pkgutil', 'zipimport', 'sys',
  'socket', '_socket', 'ssl', 'asyncio', 'select', 'selectors', 'urllib', 'urllib3', 'http', 'requests', 'httpx', 'ftplib', 'smtplib',
  'telnetlib', 'xmlrpc', 'webbrowser', 'shutil', 'tempfile', 'fcntl', 'mmap', 'tarfile', 'ctypes', '_ctypes',
  'multiprocessing', '_multiprocessing', 'threading', '_thread', 'signal', 'code', 'codeop', 'pdb', 'bdb', 'cProfile', 'profile',
  'timeit', 'trace', 'pydoc', 'inspect', 'gc', 'marshal', 'platform', 'site', 'pip', 'setuptools', 'distutils', 'ensurepip',
  'venv', 'logging.config', 'pickle', '_pickle', 'shelve', 'dbm', 'dill', 'cloudpickle', 'joblib', 'jsonpickle',
  'numpy.testing', 'numpy.f2py', 'numpy.distutils', 'torch.hub', 'torch.fx', 'torch.jit', 'torch._inductor', 'torch._dynamo',
  'torch.utils.bottleneck', 'torch.utils.collect_env', 'torch.utils._config_module', 'idlelib', 'lib2to3', 'doctest', 'imaplib',
  '_aix_support', '_osx_support', '_pyrepl', 'test', 'aiohttp',
]);

/** Single callables that run code, reach any attribute, or unpickle a nested payload. */
const DANGEROUS_GLOBALS = new Set([
  ...['eval', 'exec', 'execfile', 'compile', 'getattr', 'setattr', 'delattr', 'open', 'file', 'input', 'raw_input', 'breakpoint', 'globals', 'locals', 'vars', 'apply', 'reload', 'help', 'exit', 'quit'].map((f) => `builtins.${f}`),
  // io, pathlib and types also hold harmless classes that configs pickle (BytesIO, PosixPath, SimpleNamespace).
  ...['io', '_io'].flatMap((m) => ['open', 'open_code', 'FileIO'].map((f) => `${m}.${f}`)),
  ...['FunctionType', 'LambdaType', 'CodeType', 'MethodType', 'ModuleType'].map((f) => `types.${f}`),
  'operator.attrgetter', 'operator.methodcaller', '_operator.attrgetter', '_operator.methodcaller',
  'numpy.load', 'numpy.lib.npyio.load', 'numpy.fromfile', 'numpy.memmap',
  'torch.load', 'torch.serialization.load', 'torch.storage._load_from_bytes',
  'pandas.read_pickle', 'pandas.io.pickle.read_pickle', 'pandas.eval',
  'yaml.load', 'yaml.unsafe_load', 'yaml.full_load', 'yaml.load_all',
]);

/** Attribute names that are dangerous whatever module they come from (e.g. `pandas.eval`, `nt.system`). */
const DANGEROUS_NAMES = new Set(['eval', 'exec', 'execfile', 'system', 'popen', 'getattr', 'spawnl', 'spawnv', 'spawnve', 'execv', 'execve', 'read_pickle']);
const DANGEROUS_ROOTS = new Set([...DANGEROUS_MODULES].map((m) => m.split('.')[0]!).concat('builtins'));

export function canonicalImport(module: string, name: string): string {
  return `${MODULE_ALIASES[module] ?? module}.${name}`;
}

export function classifyImport(module: string, name: string): ImportVerdict {
  const canonical = canonicalImport(module, name);
  if (ALLOWED_IMPORTS.has(canonical)) return 'allowed';
  const moduleParts = (MODULE_ALIASES[module] ?? module).split('.');
  const nameParts = name.split('.');
  // Protocol 4 resolves dotted names attribute by attribute: a dunder step (__globals__, __builtins__, __class__)
  // or a step through a dangerous module reaches anything, whatever module the path starts from.
  if (nameParts.some((part) => /^__\w+__$/.test(part))) return 'dangerous';
  if (nameParts.length > 1 && nameParts.slice(0, -1).some((part) => DANGEROUS_ROOTS.has(part))) return 'dangerous';
  if (DANGEROUS_NAMES.has(nameParts[nameParts.length - 1]!)) return 'dangerous';
  for (let i = 1; i <= moduleParts.length; i++) if (DANGEROUS_MODULES.has(moduleParts.slice(0, i).join('.'))) return 'dangerous';
  const path = canonical.split('.');
  for (let i = 2; i <= path.length; i++) if (DANGEROUS_GLOBALS.has(path.slice(0, i).join('.'))) return 'dangerous';
  return 'unknown';
}
