/**
 * The files a worker process actually loads, found by following its module graph from its entry
 * points: static `import`/`export … from`, literal dynamic `import('…')`, and module URLs built as
 * `new URL('…', import.meta.url)` (thread entry points). `import type` is skipped: it is erased
 * and never loads. Package specifiers are not descended into; they are reported as
 * `name@version` from the installed package.json, so a different dependency build changes the
 * measurement too. A specifier that does not resolve to a file is an error, never skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PATTERNS = [
  /(?:^|[;\n}])\s*import\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
  /(?:^|[;\n}])\s*export\s+(?!type\b)[^'";]*?\s+from\s+['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"](\.{1,2}\/[^'"]+\.(?:ts|mjs|js))['"]\s*,\s*import\.meta\.url\s*\)/g,
];

export interface ImportGraph {
  /** Repository-relative paths of every source file loaded, sorted. */
  files: string[];
  /** `name@version` of every package imported from those files, sorted. */
  packages: string[];
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function packageVersion(root: string, name: string): string {
  const file = path.join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return `${name}@unresolved`;
  return `${name}@${(JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?'}`;
}

export function importGraph(root: string, entries: string[]): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.resolve(root, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const rel = path.relative(root, file);
    if (files.has(rel)) continue;
    if (!existsSync(file)) throw new Error(`measured module ${rel} does not exist`);
    files.add(rel);
    const source = stripComments(readFileSync(file, 'utf8'));
    for (const pattern of PATTERNS) {
      for (const m of source.matchAll(pattern)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
        else packages.add(packageVersion(root, packageOf(spec)));
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
