import { describe, expect, it } from 'vitest';
import { classifyImport } from './pickle-policy';

const split = (path: string): [string, string] => {
  const [module, ...name] = path.split(':');
  return [module!, name.join(':')];
};

describe('classifyImport', () => {
  it.each([
    'torch._utils:_rebuild_tensor_v2',
    'torch._utils:_rebuild_parameter',
    'torch:FloatStorage',
    'torch:BFloat16Storage',
    'torch:float32',
    'torch:device',
    'torch:Size',
    'collections:OrderedDict',
    'numpy.core.multiarray:_reconstruct',
    'numpy._core.multiarray:_reconstruct',
    'numpy:dtype',
    'numpy:ndarray',
    '_codecs:encode',
    '__builtin__:set',
    'copy_reg:_reconstructor',
  ])('allows %s', (path) => {
    expect(classifyImport(...split(path))).toBe('allowed');
  });

  it.each([
    'os:system',
    'posix:system',
    'nt:system',
    'os.path:join',
    'builtins:eval',
    'builtins:exec',
    'builtins:__import__',
    'builtins:getattr',
    'builtins:open',
    '__builtin__:open',
    '__builtin__:eval',
    '__builtin__:execfile',
    'subprocess:Popen',
    'subprocess:check_output',
    'commands:getoutput',
    'runpy:_run_code',
    'socket:create_connection',
    'shutil:rmtree',
    'pty:spawn',
    'webbrowser:open',
    'importlib:import_module',
    'importlib.util:spec_from_file_location',
    'pickle:loads',
    '_pickle:loads',
    'cPickle:loads',
    'sys:modules',
    'operator:attrgetter',
    'numpy.testing._private.utils:runstring',
    'torch:load',
    'torch.storage:_load_from_bytes',
    'pandas:read_pickle',
    'io:open',
    'types:CodeType',
    'collections:OrderedDict.__init__.__globals__',
    'torch._utils:os.system',
    'numpy:sys.modules',
    'torch._utils:_rebuild_tensor_v2.__globals__',
  ])('flags %s as dangerous', (path) => {
    expect(classifyImport(...split(path))).toBe('dangerous');
  });

  it.each([
    'sklearn.linear_model._logistic:LogisticRegression',
    'functools:partial',
    'collections:defaultdict',
    'torch.nn.modules.linear:Linear',
    'pathlib:PosixPath',
    'io:BytesIO',
    'types:SimpleNamespace',
    'numpy.random._pickle:__randomstate_ctor',
    '__main__:Model',
    'collections:OrderedDict.fromkeys',
  ])('leaves %s unknown', (path) => {
    expect(classifyImport(...split(path))).toBe('unknown');
  });
});
