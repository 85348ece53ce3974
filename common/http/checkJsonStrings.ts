/**
 * The boundary check of a parsed JSON body or query: nesting at most `maxDepth` deep (zod, pino and
 * JSON.stringify all recurse, and 10,000 levels overflow their stacks), and every key and string
 * free of lone surrogates and of NUL, except at the paths listed in `nulAllowedAt` where a NUL is
 * data that the route stores as bytes. Iterative, so the check itself cannot overflow. Throws a
 * coded 400 (COMMON__NESTED_TOO_DEEP, COMMON__MALFORMED_STRING).
 */
import { ErrandError } from '../errors/index.ts';
import { textProblem } from '../text/wellFormed.ts';

export interface JsonStringRules {
  maxDepth: number;
  /** Dotted paths (array indices as `*`) whose string values may contain NUL. */
  nulAllowedAt?: ReadonlySet<string>;
}

export function checkJsonStrings(value: unknown, rules: JsonStringRules, root = 'body'): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v, rules.nulAllowedAt?.has(path) ?? false);
      if (problem) throw malformed(root, path, problem);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= rules.maxDepth) {
      throw new ErrandError('COMMON__NESTED_TOO_DEEP', `${root} is nested deeper than ${rules.maxDepth} levels`, { maxDepth: rules.maxDepth });
    }
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, path: join(path, '*'), depth: depth + 1 });
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      const problem = textProblem(k);
      if (problem) throw malformed(root, join(path, '(key)'), problem);
      stack.push({ v: item, path: join(path, k), depth: depth + 1 });
    }
  }
}

const join = (path: string, k: string): string => (path ? `${path}.${k}` : k);

function malformed(root: string, path: string, reason: 'nul' | 'lone_surrogate'): ErrandError {
  const where = path ? `${root}.${path}` : root;
  const what = reason === 'nul' ? 'a NUL character' : 'a lone UTF-16 surrogate';
  return new ErrandError('COMMON__MALFORMED_STRING', `${where} contains ${what}`, { where: where.slice(0, 200), reason });
}

/** Express middleware checking the parsed query and body of every request (services whose routes
 * take no NUL anywhere, e.g. the keystore). */
export function checkRequestStrings(rules: JsonStringRules): (req: { query: unknown; body?: unknown }, res: unknown, next: (e?: unknown) => void) => void {
  return (req, _res, next) => {
    try {
      checkJsonStrings(req.query, { maxDepth: 4 }, 'query');
      if (req.body !== undefined) checkJsonStrings(req.body, rules);
      next();
    } catch (e) {
      next(e);
    }
  };
}
