/**
 * A symbolic pickle machine: it replays the stack, mark and memo effects of each opcode without building any object,
 * only far enough to know which module and name every import refers to (GLOBAL, INST, and STACK_GLOBAL operands that
 * reach it directly or through the memo) and whether an imported callable is invoked (REDUCE, OBJ, NEWOBJ, INST).
 * Stack errors that would make CPython stop (underflow, missing MARK, unknown memo key) end in `failure`.
 */
import type { PickleOp } from './pickle-disassembler';
import { ImportLimitError, ImportLog, type PickleImport } from './pickle-imports';
import { MemoLimitError, PickleMemo } from './pickle-memo';

export type { PickleImport, UnresolvedImport } from './pickle-imports';

type Value = { kind: 'string'; text: string } | { kind: 'global'; target: PickleImport } | { kind: 'other' };

const OTHER: Value = { kind: 'other' };
/**
 * Only strings that could name a module or attribute are remembered (it keeps the memo small on text-heavy
 * pickles); any other string used by STACK_GLOBAL makes it unresolvable, which is reported as critical.
 */
const NAME_LIKE = /^[\p{L}\p{N}_.<>-]{1,256}$/u;
/** Bounds that keep memory flat on hostile input; reaching one stops the scan with a finding. */
const STACK_LIMIT = 1_000_000;

class StackError extends Error {
  constructor(message: string, readonly kind: 'malformed' | 'limit' = 'malformed') {
    super(message);
  }
}

const PUSHES_OTHER = new Set(['INT', 'BININT', 'BININT1', 'BININT2', 'LONG', 'LONG1', 'LONG4', 'FLOAT', 'BINFLOAT', 'NONE', 'NEWTRUE', 'NEWFALSE', 'BINBYTES', 'SHORT_BINBYTES', 'BINBYTES8', 'BYTEARRAY8', 'NEXT_BUFFER', 'EMPTY_LIST', 'EMPTY_TUPLE', 'EMPTY_DICT', 'EMPTY_SET', 'PERSID']);
const PUSHES_STRING = new Set(['STRING', 'BINSTRING', 'SHORT_BINSTRING', 'UNICODE', 'BINUNICODE', 'SHORT_BINUNICODE', 'BINUNICODE8']);
const POPS_MARK_PUSHES_ONE = new Set(['LIST', 'TUPLE', 'FROZENSET', 'DICT']);
const POPS_MARK_INTO_CONTAINER = new Set(['APPENDS', 'SETITEMS', 'ADDITEMS']);
const TUPLE_SIZE: Record<string, number> = { TUPLE1: 1, TUPLE2: 2, TUPLE3: 3 };
const GETS = new Set(['GET', 'BINGET', 'LONG_BINGET']);
const PUTS = new Set(['PUT', 'BINPUT', 'LONG_BINPUT']);

export class PickleStackTracker {
  readonly log = new ImportLog();
  failure: { kind: 'malformed' | 'limit'; offset: number; message: string } | undefined;
  protocol = 0;

  private stack: Value[] = [];
  private marks: number[] = [];
  /** Strings and imports only, unwrapped to keep the memo small. */
  private readonly memo = new PickleMemo<string | PickleImport>();

  apply(op: PickleOp): void {
    if (this.failure) return;
    try {
      this.step(op);
    } catch (error) {
      const known = error instanceof StackError ? error : error instanceof MemoLimitError || error instanceof ImportLimitError ? new StackError('more memo entries or imports than the scanner follows', 'limit') : undefined;
      if (!known) throw error;
      this.failure = { kind: known.kind, offset: op.offset, message: `${op.name} at byte ${op.offset}: ${known.message}` };
    }
  }

  private step(op: PickleOp): void {
    const name = op.name;
    if (PUSHES_OTHER.has(name)) return this.push(OTHER);
    if (PUSHES_STRING.has(name)) return this.push(op.text !== undefined && NAME_LIKE.test(op.text) ? { kind: 'string', text: op.text } : OTHER);
    if (POPS_MARK_PUSHES_ONE.has(name)) {
      const items = this.popMark();
      if (name === 'DICT' && items.length % 2 !== 0) throw new StackError('odd number of items');
      return this.push(OTHER);
    }
    if (POPS_MARK_INTO_CONTAINER.has(name)) {
      const items = this.popMark();
      if (name === 'SETITEMS' && items.length % 2 !== 0) throw new StackError('odd number of items');
      if (this.stack.length === 0) throw new StackError('no container below the MARK');
      return;
    }
    if (name in TUPLE_SIZE) {
      for (let i = 0; i < TUPLE_SIZE[name]!; i++) this.pop();
      return this.push(OTHER);
    }
    if (GETS.has(name)) return this.push(this.memoGet(op.int!));
    if (PUTS.has(name)) return this.memoPut(op.int!, this.top());
    switch (name) {
      case 'PROTO':
        this.protocol = op.int!;
        return;
      case 'FRAME': // frames only group opcodes; the disassembler checks their length
        return;
      case 'MARK':
        if (this.marks.length >= STACK_LIMIT) throw new StackError('too many MARKs', 'limit');
        this.marks.push(this.stack.length);
        return;
      case 'POP':
        if (this.marks.length > 0 && this.marks[this.marks.length - 1] === this.stack.length) this.marks.pop();
        else this.pop();
        return;
      case 'POP_MARK':
        this.popMark();
        return;
      case 'DUP':
        return this.push(this.top());
      case 'MEMOIZE':
        return this.memoPut(this.memo.size, this.top());
      case 'STOP':
        this.pop();
        this.stack = [];
        this.marks = [];
        return;
      case 'SETITEM':
        this.pop();
      // falls through: SETITEM pops a key and a value, APPEND and BUILD one item, all onto the object below
      case 'APPEND':
      case 'BUILD':
        this.pop();
        this.top();
        return;
      case 'BINPERSID':
      case 'READONLY_BUFFER':
        this.pop();
        return this.push(OTHER);
      case 'GLOBAL':
        return this.push({ kind: 'global', target: this.log.record(op.module!, op.qualname!, 'GLOBAL', op.offset) });
      case 'STACK_GLOBAL': {
        const attribute = this.pop();
        const owner = this.pop();
        if (owner.kind === 'string' && attribute.kind === 'string') {
          return this.push({ kind: 'global', target: this.log.record(owner.text, attribute.text, 'STACK_GLOBAL', op.offset) });
        }
        this.log.addUnresolved({ opcode: name, offset: op.offset, reason: 'its operands are not plain strings the scanner can follow' });
        return this.push(OTHER);
      }
      case 'INST': {
        this.popMark();
        const target = this.log.record(op.module!, op.qualname!, 'INST', op.offset);
        target.call ??= { opcode: name, offset: op.offset };
        return this.push(OTHER);
      }
      case 'OBJ': {
        const items = this.popMark();
        if (items.length === 0) throw new StackError('no class after the MARK');
        this.call(items[0]!, op);
        return this.push(OTHER);
      }
      case 'REDUCE':
      case 'NEWOBJ':
        this.pop();
        this.call(this.pop(), op);
        return this.push(OTHER);
      case 'NEWOBJ_EX':
        this.pop();
        this.pop();
        this.call(this.pop(), op);
        return this.push(OTHER);
      case 'EXT1':
      case 'EXT2':
      case 'EXT4':
        this.log.addUnresolved({ opcode: name, offset: op.offset, reason: `copyreg extension code ${op.int} names whatever the loading process registered` });
        return this.push(OTHER);
      default:
        throw new StackError('opcode not modelled');
    }
  }

  private call(callee: Value, op: PickleOp): void {
    this.log.noteCall(callee.kind === 'global' ? callee.target : undefined, op.name, op.offset);
  }

  private fence(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  private push(value: Value): void {
    if (this.stack.length >= STACK_LIMIT) throw new StackError('stack deeper than the scanner follows', 'limit');
    this.stack.push(value);
  }

  private pop(): Value {
    if (this.stack.length <= this.fence()) throw new StackError('stack underflow');
    return this.stack.pop()!;
  }

  private top(): Value {
    const value = this.pop();
    this.stack.push(value);
    return value;
  }

  private popMark(): Value[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw new StackError('no MARK on the stack');
    return this.stack.splice(mark);
  }

  private memoGet(index: number): Value {
    if (!this.memo.has(index)) throw new StackError(`memo key ${index} was never stored`);
    const stored = this.memo.get(index);
    if (stored === undefined) return OTHER;
    return typeof stored === 'string' ? { kind: 'string', text: stored } : { kind: 'global', target: stored };
  }

  private memoPut(index: number, value: Value): void {
    this.memo.put(index, value.kind === 'string' ? value.text : value.kind === 'global' ? value.target : undefined);
  }
}
