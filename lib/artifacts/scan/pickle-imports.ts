/**
 * What a pickle imports and calls, as the stack tracker resolves it: one record per distinct module and name
 * (counted, with the first import and first call), plus imports and calls the bytes cannot pin down.
 * Lists are bounded so that a hostile stream cannot grow them without limit.
 */

export type PickleImport = {
  module: string;
  name: string;
  /** The opcode and offset of the first time it is imported. */
  opcode: 'GLOBAL' | 'STACK_GLOBAL' | 'INST';
  offset: number;
  count: number;
  /** The first opcode that calls it, if any. */
  call?: { opcode: string; offset: number };
};

/** Imports whose target cannot be known from the bytes: STACK_GLOBAL on computed operands, copyreg extension codes. */
export type UnresolvedImport = { opcode: string; offset: number; reason: string };

const IMPORT_LIMIT = 10_000;
const LIST_LIMIT = 100;

export class ImportLimitError extends Error {}

export class ImportLog {
  readonly unresolved: UnresolvedImport[] = [];
  /** Calls whose callee is not an import (a call result, a memo value of another kind): worth a look. */
  readonly indirectCalls: { opcode: string; offset: number }[] = [];
  private readonly byName = new Map<string, PickleImport>();

  get imports(): PickleImport[] {
    return [...this.byName.values()];
  }

  record(module: string, name: string, opcode: PickleImport['opcode'], offset: number): PickleImport {
    const key = `${module}\n${name}`;
    const known = this.byName.get(key);
    if (known) {
      known.count++;
      return known;
    }
    if (this.byName.size >= IMPORT_LIMIT) throw new ImportLimitError();
    const created: PickleImport = { module, name, opcode, offset, count: 1 };
    this.byName.set(key, created);
    return created;
  }

  addUnresolved(entry: UnresolvedImport): void {
    if (this.unresolved.length < LIST_LIMIT) this.unresolved.push(entry);
  }

  /** `target` is the import being called, or undefined when the callee is not one. */
  noteCall(target: PickleImport | undefined, opcode: string, offset: number): void {
    if (target) target.call ??= { opcode, offset };
    else if (this.indirectCalls.length < LIST_LIMIT) this.indirectCalls.push({ opcode, offset });
  }
}
