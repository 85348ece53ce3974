/**
 * The AccountPattern language: a small subset of regular expressions with RE2 semantics (no
 * backtracking constructs), parsed into a tree that compilePattern turns into an NFA program.
 * Supported: literals, `.`, escapes `\d \w \s` (and their negations) and escaped punctuation,
 * classes `[a-z0-9_-]` / `[^...]`, groups `(...)` / `(?:...)`, alternation `|`, quantifiers
 * `* + ? {n} {n,} {n,m}` (counts at most MAX_REPEAT; a lazy `?` suffix is accepted and changes
 * nothing, since only match/no-match is asked). The whole pattern must be anchored: `^` first and
 * `$` last, nowhere else. Anything else (back-references, lookaround, named groups, flags) is a
 * PatternSyntaxError. Pure.
 */

export const MAX_REPEAT = 100;

/** Inclusive code point ranges; `negated` inverts the set. */
export interface CharSet {
  ranges: Array<[number, number]>;
  negated: boolean;
}

export type PatternNode =
  | { kind: 'set'; set: CharSet }
  | { kind: 'cat'; items: PatternNode[] }
  | { kind: 'alt'; items: PatternNode[] }
  | { kind: 'rep'; node: PatternNode; min: number; max: number };

export class PatternSyntaxError extends Error {}

const DIGIT: Array<[number, number]> = [[0x30, 0x39]];
const WORD: Array<[number, number]> = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Array<[number, number]> = [
  [0x09, 0x0d],
  [0x20, 0x20],
];
const CLASS_ESCAPES: Record<string, CharSet> = {
  d: { ranges: DIGIT, negated: false },
  D: { ranges: DIGIT, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
};
const ANY: CharSet = { ranges: [[0, 0x10ffff]], negated: false };
const literal = (cp: number): CharSet => ({ ranges: [[cp, cp]], negated: false });

class Parser {
  private i = 0;
  private readonly cps: number[];

  constructor(pattern: string) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0) as number);
  }

  private peek(offset = 0): string | undefined {
    const cp = this.cps[this.i + offset];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private fail(what: string): never {
    throw new PatternSyntaxError(`${what} at position ${this.i}`);
  }

  parse(): PatternNode {
    if (this.peek() !== '^') this.fail('pattern must start with ^');
    this.i++;
    const node = this.sequence();
    // `^alice|bob$` reads as (^alice)|(bob$) in most engines: make the writer say which they mean.
    if (this.peek() === '|') this.fail('top-level alternation is ambiguous with the anchors; wrap it in a group');
    if (this.peek() !== '$' || this.i !== this.cps.length - 1) this.fail('pattern must end with $ (and use ^ and $ nowhere else)');
    return node;
  }

  private alternation(): PatternNode {
    const items = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? (items[0] as PatternNode) : { kind: 'alt', items };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')' && c !== '$'; c = this.peek()) {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'cat', items };
  }

  private atom(): PatternNode {
    const c = this.peek() as string;
    if (c === '(') return this.group();
    if (c === '[') return { kind: 'set', set: this.charClass() };
    if (c === '\\') return { kind: 'set', set: this.escape(false) };
    if (c === '.') return (this.i++, { kind: 'set', set: ANY });
    if ('*+?{}]^'.includes(c)) this.fail(`unexpected '${c}'`);
    this.i++;
    return { kind: 'set', set: literal(c.codePointAt(0) as number) };
  }

  private group(): PatternNode {
    this.i++;
    if (this.peek() === '?') {
      if (this.peek(1) !== ':') this.fail('only (...) and (?:...) groups are allowed (no lookaround or named groups)');
      this.i += 2;
    }
    const inner = this.alternation();
    if (this.peek() !== ')') this.fail('unbalanced parenthesis');
    this.i++;
    return inner;
  }

  private escape(inClass: boolean): CharSet {
    this.i++;
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash');
    this.i++;
    const cls = CLASS_ESCAPES[c];
    if (cls) {
      if (inClass && cls.negated) this.fail(`\\${c} is not allowed inside a class`);
      return cls;
    }
    if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(c)) return literal(c.codePointAt(0) as number);
    return this.fail(`unsupported escape \\${c}`);
  }

  private charClass(): CharSet {
    this.i++;
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const ranges: Array<[number, number]> = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unterminated character class');
      if (c === ']') {
        if (ranges.length === 0) this.fail('empty character class');
        this.i++;
        return { ranges, negated };
      }
      if (c === '[') this.fail("'[' inside a class must be escaped");
      const lo = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined && lo.single !== null) {
        this.i++;
        const hi = this.classAtom();
        if (hi.single === null || hi.single < lo.single) this.fail('bad range in character class');
        ranges.push([lo.single, hi.single]);
      } else {
        ranges.push(...lo.set.ranges);
      }
    }
  }

  private classAtom(): { set: CharSet; single: number | null } {
    if (this.peek() === '\\') {
      const set = this.escape(true);
      const only = set.ranges.length === 1 && set.ranges[0]![0] === set.ranges[0]![1] ? set.ranges[0]![0] : null;
      return { set, single: only };
    }
    const cp = this.cps[this.i++] as number;
    return { set: literal(cp), single: cp };
  }

  private quantified(node: PatternNode): PatternNode {
    const bounds = this.quantifier();
    if (!bounds) return node;
    if (this.peek() === '?') this.i++; // lazy: same language
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?' || c === '{') this.fail('nothing to repeat');
    return { kind: 'rep', node, min: bounds.min, max: bounds.max };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.peek();
    if (c === '*') return (this.i++, { min: 0, max: Infinity });
    if (c === '+') return (this.i++, { min: 1, max: Infinity });
    if (c === '?') return (this.i++, { min: 0, max: 1 });
    if (c !== '{') return null;
    const rest = String.fromCodePoint(...this.cps.slice(this.i, this.i + 12));
    const m = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(rest);
    if (!m) this.fail("'{' must start a {n}, {n,} or {n,m} quantifier");
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) this.fail(`repeat counts above ${MAX_REPEAT}`);
    if (max < min) this.fail('quantifier range out of order');
    this.i += m[0].length;
    return { min, max };
  }
}

/** Parses an anchored AccountPattern; throws PatternSyntaxError naming the first problem. */
export function parsePattern(pattern: string): PatternNode {
  return new Parser(pattern).parse();
}
