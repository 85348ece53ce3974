/**
 * An AccountPattern compiled to a Thompson NFA and matched by simulating every thread at once
 * (a Pike VM without captures): time O(input length x program size), never backtracking, whatever
 * the pattern. The program size is capped (MAX_PROGRAM), so one match costs at most
 * MAX_INPUT x MAX_PROGRAM steps — a few milliseconds at worst (bench/accountPattern.ts) — and cannot block the event loop.
 * The pattern is anchored at both ends by construction (see parsePattern).
 */
import { type CharSet, type PatternNode, PatternSyntaxError, parsePattern } from './parsePattern.ts';

export const MAX_PROGRAM = 1_000;
/** Longer inputs never match (account ids are at most 64 characters). */
export const MAX_INPUT = 64;

type Inst = { op: 'char'; set: CharSet } | { op: 'split'; a: number; b: number } | { op: 'jmp'; to: number } | { op: 'match' };

function inSet(set: CharSet, cp: number): boolean {
  let hit = false;
  for (const [lo, hi] of set.ranges) {
    if (cp >= lo && cp <= hi) {
      hit = true;
      break;
    }
  }
  return hit !== set.negated;
}

class Compiler {
  readonly prog: Inst[] = [];

  private emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new PatternSyntaxError(`pattern expands to more than ${MAX_PROGRAM} NFA states`);
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  node(n: PatternNode): void {
    switch (n.kind) {
      case 'set':
        this.emit({ op: 'char', set: n.set });
        return;
      case 'cat':
        for (const item of n.items) this.node(item);
        return;
      case 'alt': {
        // split L1, next; L1: a; jmp end; next: split L2, ... ; last: z; end:
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k < n.items.length - 1) {
            const split = this.emit({ op: 'split', a: 0, b: 0 });
            (this.prog[split] as { a: number }).a = this.prog.length;
            this.node(item);
            jumps.push(this.emit({ op: 'jmp', to: 0 }));
            (this.prog[split] as { b: number }).b = this.prog.length;
          } else {
            this.node(item);
          }
        });
        for (const j of jumps) (this.prog[j] as { to: number }).to = this.prog.length;
        return;
      }
      case 'rep':
        return this.repeat(n.node, n.min, n.max);
    }
  }

  private repeat(body: PatternNode, min: number, max: number): void {
    for (let k = 0; k < min; k++) this.node(body);
    if (max === Infinity) {
      const split = this.emit({ op: 'split', a: 0, b: 0 });
      (this.prog[split] as { a: number }).a = this.prog.length;
      this.node(body);
      this.emit({ op: 'jmp', to: split });
      (this.prog[split] as { b: number }).b = this.prog.length;
      return;
    }
    const splits: number[] = [];
    for (let k = min; k < max; k++) {
      const split = this.emit({ op: 'split', a: 0, b: 0 });
      (this.prog[split] as { a: number }).a = this.prog.length;
      splits.push(split);
      this.node(body);
    }
    for (const s of splits) (this.prog[s] as { b: number }).b = this.prog.length;
  }
}

export class LinearPattern {
  private constructor(private readonly prog: readonly Inst[]) {}

  /** Parses and compiles; throws PatternSyntaxError for anything outside the language or too large. */
  static compile(pattern: string): LinearPattern {
    const c = new Compiler();
    c.node(parsePattern(pattern));
    c.prog.push({ op: 'match' });
    return new LinearPattern(c.prog);
  }

  get size(): number {
    return this.prog.length;
  }

  /** True when the whole of `input` matches. */
  test(input: string): boolean {
    const cps = Array.from(input, (ch) => ch.codePointAt(0) as number);
    if (cps.length > MAX_INPUT) return false;
    const n = this.prog.length;
    const seen = new Int32Array(n).fill(-1);
    let current: number[] = [];
    let next: number[] = [];
    let generation = 0;
    const stack: number[] = [];
    // Adds pc and everything reachable from it without consuming input, each state once per step.
    const add = (list: number[], pc0: number): boolean => {
      stack.push(pc0);
      let matched = false;
      while (stack.length > 0) {
        const pc = stack.pop() as number;
        if (seen[pc] === generation) continue;
        seen[pc] = generation;
        const inst = this.prog[pc] as Inst;
        if (inst.op === 'jmp') stack.push(inst.to);
        else if (inst.op === 'split') stack.push(inst.b, inst.a);
        else if (inst.op === 'match') matched = true;
        else list.push(pc);
      }
      return matched;
    };
    let matchedNow = add(current, 0);
    for (const cp of cps) {
      if (current.length === 0) return false; // no thread left, and input remains
      generation++;
      next.length = 0;
      matchedNow = false;
      for (const pc of current) {
        const inst = this.prog[pc] as { op: 'char'; set: CharSet };
        if (inSet(inst.set, cp) && add(next, pc + 1)) matchedNow = true;
      }
      [current, next] = [next, current];
    }
    return matchedNow;
  }
}

const compiled = new Map<string, LinearPattern>();
const CACHE_ENTRIES = 256;

/** LinearPattern.compile with a small cache: the same on-chain pattern is evaluated many times. */
export function compilePattern(pattern: string): LinearPattern {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  const made = LinearPattern.compile(pattern);
  if (compiled.size >= CACHE_ENTRIES) compiled.delete(compiled.keys().next().value as string);
  compiled.set(pattern, made);
  return made;
}
