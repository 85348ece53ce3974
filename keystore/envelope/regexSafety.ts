/**
 * A conservative static check that an AccountPattern regex cannot backtrack catastrophically. It
 * does not prove safety in general; it refuses the constructs that cause exponential blow-up and
 * anything it cannot reason about:
 * - a repeating quantifier (*, +, {n,m} with m > 1) applied to a group that itself contains a
 *   repeating quantifier (`(a+)+`) or an alternation (`(a|ab)*`);
 * - back-references and lookaround (not needed for account ids, hard to bound).
 * Polynomial cases (`\w*\w*`) are allowed: account ids are at most 64 characters. Pure.
 */

export interface RegexSafetyVerdict {
  safe: boolean;
  reason?: string;
}

interface GroupFrame {
  containsRepeat: boolean;
  containsAlternation: boolean;
}

/** Reads a quantifier at `i`; returns its length and whether it repeats, or null if none. */
function readQuantifier(p: string, i: number): { length: number; repeats: boolean } | null {
  const c = p[i];
  let length = 0;
  let repeats = false;
  if (c === '*' || c === '+') [length, repeats] = [1, true];
  else if (c === '?') [length, repeats] = [1, false];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return null;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    [length, repeats] = [m[0].length, max > 1];
  } else return null;
  if (p[i + length] === '?') length++; // lazy variant
  return { length, repeats };
}

export function checkRegexSafety(pattern: string): RegexSafetyVerdict {
  const stack: GroupFrame[] = [{ containsRepeat: false, containsAlternation: false }];
  // The frame of the group that just closed, so a following quantifier can be judged against it.
  let lastClosed: GroupFrame | null = null;
  let topLevelAlternation = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    const top = stack[stack.length - 1] as GroupFrame;
    const q = readQuantifier(pattern, i);
    if (q) {
      if (q.repeats) {
        if (lastClosed && (lastClosed.containsRepeat || lastClosed.containsAlternation)) {
          return { safe: false, reason: 'repeating quantifier over a group with a quantifier or alternation (nested quantifiers)' };
        }
        top.containsRepeat = true;
      }
      lastClosed = null;
      i += q.length;
      continue;
    }
    lastClosed = null;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return { safe: false, reason: 'back-references are not allowed' };
      i += 2;
    } else if (c === '[') {
      // Skip a character class; escapes inside it cannot close it.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (c === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind[0] === '=' || kind[0] === '!' || kind === '<=' || kind === '<!') {
          return { safe: false, reason: 'lookaround is not allowed' };
        }
      }
      stack.push({ containsRepeat: false, containsAlternation: false });
      i++;
    } else if (c === ')') {
      if (stack.length === 1) return { safe: false, reason: 'unbalanced parenthesis' };
      const closed = stack.pop() as GroupFrame;
      const parent = stack[stack.length - 1] as GroupFrame;
      parent.containsRepeat ||= closed.containsRepeat;
      parent.containsAlternation ||= closed.containsAlternation;
      lastClosed = closed;
      i++;
    } else if (c === '|') {
      top.containsAlternation = true;
      if (stack.length === 1) topLevelAlternation = true;
      i++;
    } else {
      i++;
    }
  }
  if (stack.length !== 1) return { safe: false, reason: 'unbalanced parenthesis' };
  // `^a|b$` is anchored on one side per branch only: require a group around alternatives.
  if (topLevelAlternation) return { safe: false, reason: 'top-level alternation defeats the anchors; wrap it in a group' };
  return { safe: true };
}
